import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoomState, TalliedVote } from '../../shared/protocol';
import {
  adminClient,
  assignStaff,
  type ApiClient,
  createLiveMeeting,
  join,
  staffUser,
} from './helpers/api';
import {
  connectSocket,
  emitAck,
  emitRawAck,
  recordingSocket,
  type TestSocket,
} from './helpers/realtime';
import { startTestServer, tempDataDir, type TestServer } from './helpers/server';
import { currentRoom, waitForRoom } from './helpers/room-mirror';

/**
 * Issue 10: the facilitator directs the hall screen (`screen:show`), the screen follows, nobody
 * else may direct it, and the choice survives a restart.
 */
const dataDir = tempDataDir();
const PUBLIC_URL = 'https://yuanba.example.org';
let server: TestServer | null = null;
const sockets: TestSocket[] = [];
const track = (s: TestSocket) => (sockets.push(s), s);
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const lastState = (seen: { event: string; args: unknown[] }[]): RoomState => currentRoom(seen);

async function closedVote(staff: TestSocket, proposal: string): Promise<TalliedVote> {
  const opened = await emitAck(staff, 'vote:open', { proposal, rule: 'simple_majority' });
  if (!opened.ok) throw new Error(opened.code);
  const closed = await emitAck(staff, 'vote:close', { voteId: opened.data.id });
  if (!closed.ok) throw new Error(closed.code);
  return closed.data;
}

describe('directing the hall screen', () => {
  let code = '';
  let admin: ApiClient;
  let firstVote: TalliedVote;

  it('a facilitator directs it and the screen follows', async () => {
    server = await startTestServer(dataDir, { PUBLIC_URL });
    admin = await adminClient(server.url);
    const { meeting } = await createLiveMeeting(admin);
    code = meeting.code;
    const staff = track(
      await connectSocket(server.url, { meetingCode: code, as: 'staff' }, admin.cookie),
    );
    const { socket: screen, seen } = await recordingSocket(server.url, code, 'screen');
    track(screen);
    expect(lastState(seen).screen).toMatchObject({ mode: 'auto', pinned: null });
    expect(lastState(seen).screen.itemSince).not.toBeNull();

    for (const mode of ['blank', 'agenda', 'auto'] as const) {
      const followed = waitForRoom(screen, (s) => s.screen.mode === mode);
      const ack = await emitAck(staff, 'screen:show', { mode });
      expect(ack).toMatchObject({ ok: true, data: { screen: { mode } } });
      expect((await followed).screen.mode).toBe(mode);
    }
  });

  it('refuses everyone else with a typed error, and malformed directions', async () => {
    const li = await join(server!.url, code, '李大爷');
    const phone = track(
      await connectSocket(server!.url, { meetingCode: code, as: 'participant', token: li.token }),
    );
    expect(await emitAck(phone, 'screen:show', { mode: 'blank' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    // The hall screen itself is read-only: a kiosk in the courtyard cannot direct anything.
    const screen = track(await connectSocket(server!.url, { meetingCode: code, as: 'screen' }));
    expect(await emitAck(screen, 'screen:show', { mode: 'blank' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    // The recorder on this meeting's staff keeps the minutes; directing the hall is not theirs.
    const recorder = await staffUser(server!.url, admin, 'recorder1');
    await assignStaff(admin, code, recorder, 'recorder');
    const recorderSocket = track(
      await connectSocket(server!.url, { meetingCode: code, as: 'staff' }, recorder.cookie),
    );
    expect(await emitAck(recorderSocket, 'screen:show', { mode: 'blank' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const staff = track(
      await connectSocket(server!.url, { meetingCode: code, as: 'staff' }, admin.cookie),
    );
    for (const bad of [
      { mode: 'everything' },
      { mode: 'blank', voteId: 'abcdefgh12' },
      { mode: 'result', extra: 1 },
      null,
    ]) {
      expect(await emitRawAck(staff, 'screen:show', bad)).toMatchObject({
        ok: false,
        code: 'VALIDATION',
      });
    }
    expect(
      await emitAck(staff, 'screen:show', { mode: 'result', voteId: 'no-such-vote-1' }),
    ).toMatchObject({ ok: false, code: 'VOTE_NOT_FOUND' });
    // Nothing refused changed what the hall sees.
    const state = await admin.ok<RoomState>('GET', `/meetings/${code}/state`);
    expect(state.screen.mode).toBe('auto');
  });

  it('pins an earlier result of this meeting, never a vote of another', async () => {
    const staff = track(
      await connectSocket(server!.url, { meetingCode: code, as: 'staff' }, admin.cookie),
    );
    firstVote = await closedVote(staff, '同意第一方案');
    await closedVote(staff, '同意第二方案');
    const ack = await emitAck(staff, 'screen:show', { mode: 'result', voteId: firstVote.id });
    expect(ack.ok && ack.data.screen).toMatchObject({
      mode: 'result',
      voteId: firstVote.id,
      pinned: { id: firstVote.id, status: 'closed', proposal: '同意第一方案' },
    });
    // A vote of another meeting is not this meeting's to show.
    const other = await createLiveMeeting(admin);
    const otherStaff = track(
      await connectSocket(
        server!.url,
        { meetingCode: other.meeting.code, as: 'staff' },
        admin.cookie,
      ),
    );
    const foreign = await closedVote(otherStaff, '别的会议');
    expect(
      await emitAck(staff, 'screen:show', { mode: 'result', voteId: foreign.id }),
    ).toMatchObject({
      ok: false,
      code: 'VOTE_NOT_FOUND',
    });
  });

  it('gives the full join address the QR carries', async () => {
    const res = await fetch(`${server!.url}/api/meetings/${code}/join-url`);
    // Behind PUBLIC_URL (a proxy with a real certificate) there is no local CA to trust.
    expect(await res.json()).toEqual({
      ok: true,
      data: { url: `${PUBLIC_URL}/m/${code}`, trustUrl: null },
    });
  });

  it('survives a restart: the hall shows the same thing afterwards', async () => {
    const before = await admin.ok<RoomState>('GET', `/meetings/${code}/state`);
    for (const s of sockets.splice(0)) s.close();
    await server!.close();
    server = await startTestServer(dataDir, { PUBLIC_URL });
    const { socket, seen } = await recordingSocket(server.url, code, 'screen');
    track(socket);
    const after = lastState(seen).screen;
    expect(after).toMatchObject({
      mode: 'result',
      voteId: firstVote.id,
      pinned: { id: firstVote.id },
    });
    expect(after.itemSince).toBe(before.screen.itemSince);
  });
});
