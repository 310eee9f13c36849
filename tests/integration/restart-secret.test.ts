import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Vote } from '../../shared/protocol';
import { adminClient, ApiClient, ADMIN, createLiveMeeting, join } from './helpers/api';
import { connectSocket, emitAck } from './helpers/realtime';
import { startChildServer, tempDataDir, type ChildServer } from './helpers/server';

const dataDir = tempDataDir();
let running: ChildServer | null = null;
afterAll(async () => {
  await running?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash during a secret vote', () => {
  it('keeps who voted, the anonymous choices and every ballot id seen', async () => {
    running = await startChildServer(dataDir);
    const admin = await adminClient(running.url);
    const { meeting } = await createLiveMeeting(admin);
    const li = await join(running.url, meeting.code, '李大爷');
    const vote = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '无记名表决',
      secret: true,
    });
    const ballot = {
      voteId: vote.id,
      choice: 'agree' as const,
      ballotId: 'secret-restart-1',
      secretToken: 'restart-secret-token-xxxxxxxx',
    };
    const before = await connectSocket(running.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: li.token,
    });
    expect((await emitAck(before, 'vote:cast', ballot)).ok).toBe(true);
    before.close();

    await running.crash();
    running = await startChildServer(dataDir);
    const after = await connectSocket(running.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: li.token,
    });
    // The offline queue resends after the restart: acknowledged, not counted again.
    expect(await emitAck(after, 'vote:cast', ballot)).toMatchObject({
      ok: true,
      data: { replay: true },
    });
    const other = await emitAck(after, 'vote:cast', {
      ...ballot,
      ballotId: 'secret-restart-2',
      secretToken: 'another-device-token-xxxxxxxx',
    });
    expect(other).toMatchObject({ ok: false, code: 'ALREADY_VOTED' });
    // The phone that holds the token can still change its choice.
    const changed = await emitAck(after, 'vote:cast', {
      ...ballot,
      choice: 'oppose',
      ballotId: 'secret-restart-3',
    });
    expect(changed.ok).toBe(true);
    after.close();

    const staff = new ApiClient(running.url);
    await staff.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    const closed = await staff.ok<Vote>('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
    expect(closed.tally.totals).toEqual({ agree: 0, oppose: 1, abstain: 0 });
  }, 60_000);
});
