import { rmSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { TalliedVote } from '../../shared/protocol';
import { adminClient, ApiClient, ADMIN, createLiveMeeting, join } from './helpers/api';
import { connectSocket, emitAck } from './helpers/realtime';
import { startChildServer, tempDataDir, type ChildServer } from './helpers/server';

const dataDir = tempDataDir();
let running: ChildServer | null = null;
afterAll(async () => {
  await running?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Pending requests on disk, as an auditor with a copy of the database would see them. */
function storedRequests(): Record<string, unknown>[] {
  const db = new SQLite(path.join(dataDir, 'yuanba.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM assist_requests').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('a server restart with an assisted vote waiting for its witness', () => {
  it('keeps the request, which the witness then confirms exactly once', async () => {
    running = await startChildServer(dataDir);
    const admin = await adminClient(running.url);
    const { meeting } = await createLiveMeeting(admin);
    const code = meeting.code;
    const [grandma] = await admin.ok<{ id: string }[]>('POST', `/meetings/${code}/roster`, {
      names: ['赵奶奶'],
    });
    const li = await join(running.url, code, '李大爷');
    const staff = await connectSocket(
      running.url,
      { meetingCode: code, as: 'staff' },
      admin.cookie,
    );
    const assist = (voteId: string) =>
      emitAck(staff, 'vote:assist', {
        voteId,
        voterId: grandma!.id,
        witnessId: li.participant.id,
        choice: 'agree',
      });

    // A secret ballot's request never reaches the disk: it would link the voter to a choice.
    const secret = await admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '无记名：修缮村道',
      secret: true,
    });
    expect((await assist(secret.id)).ok).toBe(true);
    expect(storedRequests()).toEqual([]);
    await admin.ok('POST', `/meetings/${code}/votes/${secret.id}/close`);

    const vote = await admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '修缮村道',
    });
    const request = await assist(vote.id);
    if (!request.ok) throw new Error(request.message);
    expect(storedRequests()).toHaveLength(1);
    staff.close();
    await running.crash();

    running = await startChildServer(dataDir);
    const phone = await connectSocket(running.url, {
      meetingCode: code,
      as: 'participant',
      token: li.token,
    });
    try {
      // The witness's phone reloaded too: it asks, and is shown the same request.
      const pending = await emitAck(phone, 'vote:assistPending', {});
      expect(pending).toEqual({ ok: true, data: [request.data] });
      const confirm = { voteId: vote.id, requestId: request.data.requestId };
      expect(await emitAck(phone, 'vote:witness', confirm)).toMatchObject({
        ok: true,
        data: { choice: 'agree' },
      });
      expect(await emitAck(phone, 'vote:assistPending', {})).toEqual({ ok: true, data: [] });
      // Done is done: the row is gone and a second confirmation finds nothing.
      expect(storedRequests()).toEqual([]);
      expect(await emitAck(phone, 'vote:witness', confirm)).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    } finally {
      phone.close();
    }

    const again = new ApiClient(running.url);
    await again.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    const closed = await again.ok<TalliedVote>('POST', `/meetings/${code}/votes/${vote.id}/close`);
    expect(closed.tally.totals).toEqual({ agree: 1, oppose: 0, abstain: 0 });

    // A request nobody witnessed before the close is dropped with the vote.
    const staffAgain = await connectSocket(
      running.url,
      { meetingCode: code, as: 'staff' },
      again.cookie,
    );
    try {
      const last = await again.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
        proposal: '路灯维修',
      });
      const asked = await emitAck(staffAgain, 'vote:assist', {
        voteId: last.id,
        voterId: grandma!.id,
        witnessId: li.participant.id,
        choice: 'oppose',
      });
      expect(asked.ok).toBe(true);
      expect(storedRequests()).toHaveLength(1);
      await again.ok('POST', `/meetings/${code}/votes/${last.id}/close`);
      expect(storedRequests()).toEqual([]);
    } finally {
      staffAgain.close();
    }
  }, 60_000);
});
