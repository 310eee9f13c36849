import { describe, expect, it } from 'vitest';
import type { Ack, ClientEventName, RoomState, TalliedVote } from '../../shared/protocol';
import { exportCommands } from '../../server/export/commands';
import { ladderCommands } from '../../server/ladder/commands';
import type { Command } from '../../server/meetings/command';
import { meetingCommands } from '../../server/meetings/commands';
import { pulseCommands } from '../../server/pulse/commands';
import { speakersCommands } from '../../server/speakers/commands';
import { votingCommands } from '../../server/voting/commands';
import { ApiClient, createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { emitAck, emitRawAck } from './helpers/realtime';

const fx = useServer();

/**
 * The declarations only (event, permission, REST door): the factories are not given services
 * because nothing here runs a command through them; the server under test runs its own.
 */
const declared: Command[] = [
  ...meetingCommands({} as never),
  ...exportCommands(null as never, null as never),
  ...votingCommands(null as never, null as never, null as never),
  ...ladderCommands(null as never),
  ...pulseCommands(null as never),
  ...speakersCommands(null as never),
];
const withDoor = declared.filter((c) => c.rest);

/** The REST path of a door with its parameters filled in, and the same values as a payload. */
function address(command: Command, values: Record<string, string | number>) {
  const params: Record<string, string | number> = {};
  const path = command.rest!.path.replace(/:(\w+)/g, (_, name: string) => {
    if (name !== 'code') params[name] = values[name]!;
    return String(values[name]);
  });
  return { path, params };
}

describe('a command is declared once and both doors run it', () => {
  it('declares a REST door only for events the protocol knows, each path once', () => {
    expect(withDoor.length).toBeGreaterThanOrEqual(20);
    const routes = withDoor.map((c) => `${c.rest!.method} ${c.rest!.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(new Set(declared.map((c) => c.event)).size).toBe(declared.length);
  });

  it('refuses alike over REST and over the socket: no credentials, wrong role, bad input', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '加装电梯',
    });
    const phone = await fx.phone(meeting.code, li.token);
    const values = {
      code: meeting.code,
      voteId: vote.id,
      entryId: 1,
      participantId: li.participant.id,
      waitingId: 'waiting-entry-0001',
    };
    const nobody = new ApiClient(fx.server.url);
    for (const command of withDoor) {
      const { path, params } = address(command, values);
      const { method } = command.rest!;
      const anonymous = await nobody.request(method.toUpperCase(), path, {});
      expect(anonymous.ack, `${method} ${path} without credentials`).toMatchObject({
        ok: false,
        code: 'UNAUTHENTICATED',
      });
      // Junk in the body: the command's own schema refuses it, at either door, the same way.
      const junk = { ...params, unexpected: 'x'.repeat(10) };
      const overRest = await li.api.request(method.toUpperCase(), path, junk);
      const overSocket = (await emitRawAck(phone, command.event, junk)) as Ack<unknown>;
      expect(overRest.ack.ok, command.event).toBe(false);
      expect(overSocket.ok, command.event).toBe(false);
      if (!overRest.ack.ok && !overSocket.ok) {
        expect(overRest.ack.code, `${command.event}: REST vs socket`).toBe(overSocket.code);
        expect(['VALIDATION', 'FORBIDDEN', 'NOT_ELIGIBLE']).toContain(overSocket.code);
      }
    }
  });

  it('lets one vote be opened over REST, cast at both doors and closed over the socket', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const wang = await join(fx.server.url, meeting.code, '王大妈');
    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '加装电梯',
    });
    const byRest = await li.api.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/ballots`, {
      choice: 'agree',
      ballotId: 'rest-ballot-0001',
    });
    const phone = await fx.phone(meeting.code, wang.token);
    const bySocket = await emitAck(phone, 'vote:cast', {
      voteId: vote.id,
      choice: 'oppose',
      ballotId: 'sock-ballot-0001',
    });
    expect(bySocket.ok).toBe(true);
    expect(Object.keys(byRest as object).sort()).toEqual(
      Object.keys(bySocket.ok ? bySocket.data : {}).sort(),
    );
    const staff = await fx.staffSocket(meeting.code);
    const closed = await emitAck(staff, 'vote:close', { voteId: vote.id });
    expect(closed).toMatchObject({ ok: true, data: { status: 'closed' } });
    if (closed.ok) expect(closed.data.tally.totals).toMatchObject({ agree: 1, oppose: 1 });
  });

  it('refuses a participant every staff command reached from the socket, well formed or not', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const wang = await join(fx.server.url, meeting.code, '王大妈');
    const phone = await fx.phone(meeting.code, li.token);
    const before = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    const people = () => fx.admin.ok<unknown[]>('GET', `/meetings/${meeting.code}/participants`);
    const peopleBefore = (await people()).length;
    const quorum = () => fx.admin.ok<{ quorum: number }>('GET', `/meetings/${meeting.code}/quorum`);
    const quorumBefore = await quorum();
    // The commands that were REST-only before: now a phone can send them, and must not win.
    const attempts: [ClientEventName, unknown][] = [
      ['meeting:settings', { admission: 'open', recordAccess: 'public' }],
      ['staff:set', { assignments: meeting.staff }],
      ['roster:add', { entries: [{ name: '冒名的人' }] }],
      ['roster:addHall', { names: ['冒名的人'] }],
      ['participant:remove', { participantId: wang.participant.id }],
      ['waiting:admit', { waitingId: 'waiting-entry-0001', as: 'guest' }],
      ['waiting:refuse', { waitingId: 'waiting-entry-0001' }],
      ['vote:mandate', { holderId: li.participant.id, grantorId: wang.participant.id }],
      ['vote:setQuorum', { quorum: 0.9 }],
      ['agenda:append', { items: [{ title: '冒名的议题', durationMin: 5 }] }],
    ];
    for (const [event, payload] of attempts) {
      expect(await emitRawAck(phone, event, payload), event).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      const door = withDoor.find((c) => c.event === event)!.rest!;
      const path = door.path
        .replace(':code', meeting.code)
        .replace(':participantId', wang.participant.id)
        .replace(':waitingId', 'waiting-entry-0001');
      const { participantId: _p, waitingId: _w, ...body } = payload as Record<string, unknown>;
      expect(
        (await li.api.request(door.method.toUpperCase(), path, body)).ack,
        event,
      ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    const after = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(after.agenda).toEqual(before.agenda);
    expect(after.meeting).toEqual(before.meeting);
    expect((await people()).length).toBe(peopleBefore);
    expect(await quorum()).toEqual(quorumBefore);
  });
});
