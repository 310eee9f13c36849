import { describe, expect, it } from 'vitest';
import { type RoomState, type TalliedVote, type Vote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import {
  emitAck,
  recordingSocket,
  until,
  waitForEvent,
  type SeenEvent,
  type TestSocket,
} from './helpers/realtime';
import { useServer } from './helpers/fixture';

const fx = useServer({ teller: true });

type Seen = SeenEvent;

/** A recording socket (helpers/realtime.ts), closed when the file's tests are done. */
async function recorded(code: string, as: 'participant' | 'screen' | 'staff', credential?: string) {
  const recording = await recordingSocket(fx.server.url, code, as, credential);
  fx.track(recording.socket);
  return recording;
}

/**
 * What a client was sent before it learnt of the close: the close goes to every client behind
 * whatever was sent while the vote was open, so a count leaked at any time before it is here.
 */
function beforeClose(seen: Seen[], voteId: string): Seen[] | null {
  const at = seen.findIndex(({ event, args }) => {
    const vote =
      event === 'vote:update'
        ? (args[0] as Vote)
        : event === 'room:state'
          ? (args[0] as RoomState).vote
          : null;
    return vote?.id === voteId && vote.status === 'closed';
  });
  return at < 0 ? null : seen.slice(0, at);
}

const lastVote = (seen: Seen[]): Vote | undefined =>
  seen.filter((e) => e.event === 'vote:update').at(-1)?.args[0] as Vote | undefined;

/**
 * Every place in a payload that carries counts: a tally that is not the hidden (turnout only)
 * shape, or a pending hall entry. Walks the whole payload, whatever event or route it came from.
 */
function leaks(payload: unknown, path = '$'): string[] {
  if (payload === null || typeof payload !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    const at = `${path}.${key}`;
    if (key === 'tally') {
      const tally = value as Record<string, unknown>;
      if (tally.hidden !== true) out.push(`${at} is a full tally`);
      const allowed = ['hidden', 'cast', 'eligible', 'quorum', 'voters'];
      for (const k of Object.keys(tally)) if (!allowed.includes(k)) out.push(`${at}.${k}`);
    } else if (key === 'hallPending' && value !== null && value !== undefined) {
      out.push(at);
    } else {
      out.push(...leaks(value, at));
    }
  }
  return out;
}

describe('results hidden until close', () => {
  it('sends phones, screens and public reads turnout only while open, and the result at close', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    await fx.admin.ok('POST', `/meetings/${code}/roster`, { names: ['赵奶奶'] });
    const li = await join(fx.server.url, code, '李大爷', 'room');
    const wang = await join(fx.server.url, code, '王阿姨', 'remote');
    const { socket: liPhone, seen: onPhone } = await recorded(code, 'participant', li.token);
    const { socket: screen, seen: onScreen } = await recorded(code, 'screen');
    const { seen: onStaff } = await recorded(code, 'staff', fx.admin.cookie);
    const answers: unknown[] = [];

    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '修缮村道',
      hideResults: true,
      quorum: 0.5,
    });
    answers.push(
      await emitAck(liPhone, 'vote:cast', {
        voteId: vote.id,
        choice: 'agree',
        ballotId: 'li-ballot-1',
      }),
      await emitAck(liPhone, 'vote:mine', { voteId: vote.id }),
      await wang.api.ok('POST', `/meetings/${code}/votes/${vote.id}/ballots`, { choice: 'oppose' }),
    );
    // A hall count, pending then confirmed: the pending entry holds counts too.
    const hall = `/meetings/${code}/votes/${vote.id}/hall-count`;
    const entered = await fx.admin.ok<TalliedVote>('PUT', hall, {
      counts: { agree: 1, oppose: 0, abstain: 0 },
    });
    answers.push(await li.api.ok<Vote[]>('GET', `/meetings/${code}/votes`));
    await fx.teller.ok('POST', `${hall}/${entered.hallPending!.id}/confirm`);
    // Public reads: a participant's token, and nobody at all (the hall screen's page).
    answers.push(await li.api.ok<Vote[]>('GET', `/meetings/${code}/votes`));
    answers.push(await li.api.ok<RoomState>('GET', `/meetings/${code}/state`));
    for (const route of ['votes', 'state']) {
      answers.push(await (await fetch(`${fx.server.url}/api/meetings/${code}/${route}`)).json());
    }
    // A phone and a screen that (re)connect mid-vote get the vote in the handshake state.
    const { seen: onLate } = await recorded(code, 'participant', wang.token);
    const { seen: onLateScreen } = await recorded(code, 'screen');
    // The throttled screen stream has caught up once it shows all three voters.
    await until(() => lastVote(onScreen)?.tally.cast === 3, 5_000, 'the screen to catch up');

    // Staff see the counts, also on a console that connects now (in its handshake state).
    const { seen: onConsole } = await recorded(code, 'staff', fx.admin.cookie);
    const consoleState = () =>
      onConsole.find((e) => e.event === 'room:state')?.args[0] as RoomState | undefined;
    await until(() => consoleState() !== undefined, 5_000, 'the console state');
    expect(consoleState()?.vote?.tally.totals).toEqual({ agree: 2, oppose: 1, abstain: 0 });
    expect(lastVote(onStaff)?.tally.totals).toEqual({ agree: 2, oppose: 1, abstain: 0 });
    const staffState = await fx.admin.ok<RoomState>('GET', `/meetings/${code}/state`);
    expect(staffState.vote?.tally.totals).toEqual({ agree: 2, oppose: 1, abstain: 0 });

    // Nobody else got a single count while the vote was open, but everyone got turnout.
    for (const seen of [onPhone, onScreen, onLate, onLateScreen, answers]) {
      expect(leaks(seen)).toEqual([]);
    }
    expect(lastVote(onScreen)?.tally).toEqual({
      hidden: true,
      cast: 3,
      eligible: 3,
      quorum: { required: 2, met: true },
      voters: { room: 1, remote: 1, hall: 1 },
    });
    expect(lastVote(onPhone)?.tally.hidden).toBe(true);
    const handshake = onLate.find((e) => e.event === 'room:state')?.args[0] as RoomState;
    expect(handshake.vote?.tally).toMatchObject({ hidden: true, cast: 3 });

    // At close, everyone gets the result.
    const closedOn = (socket: TestSocket) =>
      waitForEvent(socket, 'vote:update', (v) => v.id === vote.id && v.status === 'closed');
    const [phoneSaw, screenSaw] = await Promise.all([
      closedOn(liPhone),
      closedOn(screen),
      fx.admin.ok('POST', `/meetings/${code}/votes/${vote.id}/close`),
    ]);
    for (const closed of [phoneSaw, screenSaw]) {
      expect(closed.tally.hidden).toBeFalsy();
      expect(closed.tally.totals).toEqual({ agree: 2, oppose: 1, abstain: 0 });
      expect(closed.outcome).toBe('passed');
    }
    const listed = await li.api.ok<Vote[]>('GET', `/meetings/${code}/votes`);
    expect(listed.find((v) => v.id === vote.id)?.tally.totals?.agree).toBe(2);

    // With the close as the barrier: nothing sent while the vote was open carried a count,
    // however late it came.
    for (const seen of [onPhone, onScreen, onLate, onLateScreen]) {
      await until(() => beforeClose(seen, vote.id) !== null, 5_000, 'the close');
      expect(leaks(beforeClose(seen, vote.id))).toEqual([]);
    }
  });
});
