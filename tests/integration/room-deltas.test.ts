import { describe, expect, it } from 'vitest';
import {
  ParticipantsPatch,
  RoomPatch,
  type ClientEventName,
  type ClientEventResults,
  type Participant,
  type RoomState,
  type Vote,
} from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import {
  emitAck,
  recordingSocket,
  until,
  type ClientPayload,
  type SeenEvent,
} from './helpers/realtime';
import { useServer } from './helpers/fixture';
import { applyParticipantsPatch, currentRoom, roomStates } from './helpers/room-mirror';

// Thirty-odd phones join from one address here: the per-address join budget is not the subject.
const fx = useServer({
  env: {
    RATE_LIMIT_FACTOR: '0',
    RATE_CONNECTIONS_PER_ADDRESS: '1000',
    RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: '1000',
  },
});

/** Issue 12: snapshots once, small coalesced deltas after. */

type Recorded = Awaited<ReturnType<typeof recordingSocket>> & { bytes: () => number };

/** A recording socket that also counts the raw bytes of every frame it receives. */
async function recorded(
  code: string,
  as: 'participant' | 'screen' | 'staff',
  credential?: string,
): Promise<Recorded> {
  const client = await recordingSocket(fx.server.url, code, as, credential);
  fx.track(client.socket);
  let bytes = 0;
  client.socket.io.engine.on('data', (data: unknown) => {
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : (data as Buffer).length;
  });
  return { ...client, bytes: () => bytes };
}

const phoneOf = async (code: string, name: string) => {
  const joined = await join(fx.server.url, code, name);
  return { ...(await recorded(code, 'participant', joined.token)), joined };
};

/** The participant list a console holds: its snapshot with every patch applied, in order. */
function consoleList(seen: SeenEvent[]): Participant[] {
  let list: Participant[] = [];
  for (const { event, args } of seen) {
    if (event === 'participants:list') list = args[0] as Participant[];
    if (event === 'participants:patch') list = applyParticipantsPatch(list, args[0] as never);
  }
  return list;
}

/** Every delta a client got is exactly the protocol's schema. */
function checkSchemas(seen: SeenEvent[]): void {
  for (const { event, args } of seen) {
    if (event === 'room:patch') RoomPatch.parse(args[0]);
    if (event === 'participants:patch') ParticipantsPatch.parse(args[0]);
  }
}

const withoutClock = ({ serverNow: _, ...state }: RoomState) => state;
/** What a phone follows: everything but the head counts, which it does not show. */
const phoneView = ({ serverNow: _, attendance: _counts, ...state }: RoomState) => state;

describe('room deltas', () => {
  it('one more phone joining costs the other phones nothing, the console a small delta', async () => {
    const { meeting, itemIds } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const staff = await recorded(code, 'staff', fx.admin.cookie);
    const screen = await recorded(code, 'screen');
    const phones: Recorded[] = [];
    for (let i = 0; i < 12; i += 1) phones.push(await phoneOf(code, `村民${i}`));
    // Settled: the hall screen and the console count all twelve online.
    await until(
      () =>
        currentRoom(screen.seen).attendance.online === 12 &&
        consoleList(staff.seen).filter((p) => p.online).length === 12,
      5_000,
      'the phones and the console to see twelve online',
    );
    const snapshotBytes = JSON.stringify(currentRoom(phones[0]!.seen)).length;
    const marks = phones.map((p) => ({ frames: p.seen.length, bytes: p.bytes() }));
    const staffMark = staff.seen.length;

    const late = await phoneOf(code, '迟到的李大姐');
    const lateId = late.joined.participant.id;
    await until(
      () =>
        currentRoom(screen.seen).attendance.online === 13 &&
        consoleList(staff.seen).find((p) => p.id === lateId)?.online === true,
      5_000,
      'the screen and the console to see the thirteenth phone',
    );
    // The barrier: a change phones do follow, sent behind anything the join made on the same
    // ordered sockets. The first thing each phone got after the join must be that change.
    await fx.admin.ok('PUT', `/meetings/${code}/current-item`, { itemId: itemIds[1]! });
    await until(
      () => phones.every((p) => currentRoom(p.seen).currentItemId === itemIds[1]!),
      5_000,
      'the phones to follow the item',
    );
    for (const [i, phone] of phones.entries()) {
      const frames = phone.seen.slice(marks[i]!.frames);
      const bytes = phone.bytes() - marks[i]!.bytes;
      // Nothing for the join (phones show no head counts), then the item's patch alone.
      expect(frames.map((f) => f.event)).toEqual(['room:patch']);
      expect(Object.keys(frames[0]!.args[0] as object)).not.toContain('attendance');
      expect(bytes).toBeLessThan(snapshotBytes / 3);
    }
    // The console got the newcomer as a delta, never the whole list again.
    const toStaff = staff.seen.slice(staffMark);
    expect(toStaff.some((e) => e.event === 'participants:list')).toBe(false);
    const patches = toStaff.filter((e) => e.event === 'participants:patch');
    expect(patches.length).toBeGreaterThan(0);
    for (const { args } of patches) {
      const patch = ParticipantsPatch.parse(args[0]);
      expect(patch.upsert.map((p) => p.id)).toEqual([lateId]);
      expect(patch.remove).toEqual([]);
    }
    for (const client of [staff, screen, ...phones]) checkSchemas(client.seen);
    console.info(
      `one join: ${snapshotBytes} B room state; each phone got ≤ ${Math.max(...phones.map((p, i) => p.bytes() - marks[i]!.bytes))} B`,
    );
  });

  it('a client that applies every delta ends equal to a fresh snapshot', async () => {
    const { meeting, itemIds } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const staff = await recorded(code, 'staff', fx.admin.cookie);
    const screen = await recorded(code, 'screen');
    const first = await phoneOf(code, '王伯');
    const second = await phoneOf(code, '刘姐');
    const third = await phoneOf(code, '赵叔');
    const ack = async <K extends ClientEventName>(
      client: Recorded,
      event: K,
      payload: ClientPayload<K>,
    ): Promise<ClientEventResults[K]> => {
      const answer = await emitAck(client.socket, event, payload);
      if (!answer.ok) throw new Error(`${event}: ${answer.message}`);
      return answer.data;
    };

    // Joins, leaves, the queue, the item, the timer, a vote opened, cast and closed.
    await ack(first, 'speakers:raise', { raised: true });
    await ack(staff, 'speakers:add', { name: '村支书' });
    const queue = await ack(second, 'speakers:raise', { raised: true });
    await ack(staff, 'speakers:move', { entryId: queue.queue.at(-1)!.id, toIndex: 0 });
    third.socket.close();
    // Roster entries added by staff, one taken off again: a removal in the console's delta.
    const added = await fx.admin.ok<Participant[]>('POST', `/meetings/${code}/roster/entries`, {
      entries: [{ name: '钱伯' }, { name: '吴嫂' }],
    });
    // (Added and removed within one window, it would never reach the console at all.)
    await until(
      () => consoleList(staff.seen).some((p) => p.id === added[0]!.id),
      5_000,
      'the console to list the new entries',
    );
    await fx.admin.ok('DELETE', `/meetings/${code}/participants/${added[0]!.id}`);
    await ack(staff, 'meeting:setCurrentItem', { itemId: itemIds[1]! });
    await ack(staff, 'meeting:timer', { action: 'start' });
    const vote = await ack(staff, 'vote:open', { proposal: '修路', hideResults: true });
    await ack(first, 'vote:cast', { voteId: vote.id, choice: 'agree', ballotId: 'delta-b-1' });
    const fourth = await phoneOf(code, '孙婶');
    await ack(fourth, 'vote:cast', { voteId: vote.id, choice: 'oppose', ballotId: 'delta-b-2' });
    await ack(staff, 'vote:close', { voteId: vote.id });
    await ack(staff, 'speakers:give', {});
    await ack(staff, 'meeting:timer', { action: 'pause' });
    second.socket.close();

    // Fresh snapshots for each audience; the old clients must get there by deltas alone.
    const freshStaff = await recorded(code, 'staff', fx.admin.cookie);
    const freshScreen = await recorded(code, 'screen');
    const freshPhone = await phoneOf(code, '新来的周哥');
    const equal = (
      client: Recorded,
      fresh: Recorded,
      view: (state: RoomState) => unknown = withoutClock,
    ) => {
      try {
        expect(view(currentRoom(client.seen))).toEqual(view(currentRoom(fresh.seen)));
        return true;
      } catch {
        return false;
      }
    };
    await until(
      () =>
        equal(staff, freshStaff) &&
        equal(screen, freshScreen) &&
        equal(first, freshPhone, phoneView) &&
        equal(fourth, freshPhone, phoneView),
      5_000,
      'the followed rooms to equal fresh snapshots',
    );
    await until(
      () =>
        JSON.stringify(consoleList(staff.seen)) === JSON.stringify(consoleList(freshStaff.seen)),
      5_000,
      'the followed participant list to equal a fresh one',
    );
    expect(consoleList(staff.seen).map((p) => [p.name, p.online])).toEqual([
      ['王伯', true],
      ['刘姐', false],
      ['赵叔', false],
      ['吴嫂', false],
      ['孙婶', true],
      ['新来的周哥', true],
    ]);
    // And it got there by deltas: one snapshot per client, on connect.
    for (const client of [staff, screen, first, fourth]) {
      expect(client.seen.filter((e) => e.event === 'room:state')).toHaveLength(1);
      expect(client.seen.filter((e) => e.event === 'room:patch').length).toBeGreaterThan(0);
      checkSchemas(client.seen);
    }
    expect(staff.seen.filter((e) => e.event === 'participants:list')).toHaveLength(1);
    const removed = staff.seen
      .filter((e) => e.event === 'participants:patch')
      .flatMap((e) => (e.args[0] as ParticipantsPatch).remove);
    expect(removed).toContain(added[0]!.id);
  });

  it('deltas are redacted as snapshots are: no count of an open hidden vote reaches the public', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const staff = await recorded(code, 'staff', fx.admin.cookie);
    const screen = await recorded(code, 'screen');
    const voters = [await phoneOf(code, '甲'), await phoneOf(code, '乙')];
    for (const secret of [false, true]) {
      const opened = await emitAck(staff.socket, 'vote:open', {
        proposal: secret ? '无记名表决' : '结果保密',
        hideResults: !secret,
        secret,
      });
      if (!opened.ok) throw new Error(opened.message);
      const voteId = opened.data.id;
      for (const [i, voter] of voters.slice(0, 2).entries()) {
        const cast = await emitAck(voter.socket, 'vote:cast', {
          voteId,
          choice: 'agree',
          ballotId: `redact-${secret}-${i}`,
        });
        expect(cast.ok).toBe(true);
        // A join while the vote is open moves its eligibility: the room patch carries the vote.
        voters.push(await phoneOf(code, `${secret ? '丁' : '丙'}${i}`));
      }
      const carriesVote = (seen: SeenEvent[]) =>
        roomStates(seen).some((s) => s.vote?.id === voteId && s.vote.tally.cast >= 2);
      await until(
        () => carriesVote(staff.seen) && carriesVote(screen.seen),
        5_000,
        'the open vote in the room deltas',
      );
      const openVotes = (seen: SeenEvent[]) =>
        seen
          .filter((e) => e.event === 'room:patch')
          .map((e) => (e.args[0] as RoomPatch).vote)
          .filter((v): v is Vote => v?.id === voteId && v.status === 'open');
      // Staff get the counts in their deltas, the public turnout only.
      expect(openVotes(staff.seen).length).toBeGreaterThan(0);
      expect(openVotes(staff.seen).every((v) => !v.tally.hidden)).toBe(true);
      const publicVotes = [screen, ...voters].flatMap((c) => openVotes(c.seen));
      expect(publicVotes.length).toBeGreaterThan(0);
      for (const v of publicVotes) {
        expect(v.tally).toMatchObject({ hidden: true });
        expect(Object.keys(v.tally).sort()).toEqual(
          expect.arrayContaining(['cast', 'eligible', 'hidden', 'voters']),
        );
        expect(v.tally).not.toHaveProperty('totals');
        expect(v.hallPending ?? null).toBeNull();
      }
      const closed = await emitAck(staff.socket, 'vote:close', { voteId });
      expect(closed.ok).toBe(true);
    }
  });
});
