import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { YDOC_KEYS } from '../../shared/collab';
import { ADMIN, ApiClient, join } from '../integration/helpers/api';
import {
  connectDoc,
  connectSocket,
  emitAck,
  minutesText,
  paragraph,
  until,
} from '../integration/helpers/realtime';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';
import { lockDatabase } from './helpers/locker';
import { meetingWithEditors } from './helpers/meeting';

/**
 * Finding 12: with the database write-locked by another process, the server keeps answering
 * (no synchronous busy wait), relays no edit before it is stored, and a kill -9 during the
 * lock never leaves a peer holding a paragraph the restarted server lacks.
 */
const dataDir = tempDataDir();
const dbFile = path.join(dataDir, 'yuanba.sqlite');
let server: ChildServer | null = null;
afterAll(async () => {
  await server?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Polls `path` every 50 ms while `during` runs; returns the slowest answer (ms). */
async function slowest(
  url: string,
  path: string,
  during: Promise<unknown>,
  cookie = '',
): Promise<number> {
  let done = false;
  void during.finally(() => (done = true));
  let worst = 0;
  while (!done) {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, {
      headers: { cookie },
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.ok).toBe(true);
    worst = Math.max(worst, performance.now() - started);
    await new Promise((r) => setTimeout(r, 50));
  }
  return worst;
}

describe('a database locked by another process', () => {
  it('keeps the server answering and relays an edit only once it is stored', async () => {
    server = await startChildServer(dataDir, { AUDIO_ENABLED: 'false' });
    const meeting = await meetingWithEditors(server.url);
    const fragment = meeting.writer.doc.getXmlFragment(YDOC_KEYS.minutes);

    const vote = await meeting.admin.ok<{ id: string }>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '同意方案',
      rule: 'simple_majority',
    });
    const voter = await join(server.url, meeting.code, '李大爷');
    const phone = await connectSocket(server.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: voter.token,
    });

    const lock = await lockDatabase(dbFile, 3_000);
    fragment.push([paragraph('锁住时写的一段')]);
    // A ballot cast during the lock is acknowledged only once committed, i.e. after the lock.
    const lockedAt = performance.now();
    const ballot = emitAck(phone, 'vote:cast', {
      voteId: vote.id,
      choice: 'agree',
    }).then((ack) => ({ ack, after: performance.now() - lockedAt }));
    const watch = (async () => {
      for (let i = 0; i < 5; i += 1) {
        await new Promise((r) => setTimeout(r, 400));
        // Not stored yet (the lock is held), so no peer may have it.
        expect(minutesText(meeting.witness.doc)).not.toContain('锁住时写的一段');
      }
    })();
    // Reads go on too (WAL lets them through), while the edit and the ballot wait for the lock.
    const [health, reads] = await Promise.all([
      slowest(server.url, '/healthz', watch),
      slowest(server.url, '/api/meetings', watch, meeting.admin.cookie),
    ]);
    console.log(
      `during a 3 s lock: slowest /healthz ${health.toFixed(0)} ms, slowest GET /api/meetings ${reads.toFixed(0)} ms`,
    );
    expect(health).toBeLessThan(200);
    expect(reads).toBeLessThan(200);
    await lock.released;
    await until(
      () => minutesText(meeting.witness.doc).includes('锁住时写的一段'),
      5_000,
      'relay after the lock',
    );
    const cast = await ballot;
    expect(cast.ack).toMatchObject({ ok: true });
    console.log(
      `ballot acknowledged ${cast.after.toFixed(0)} ms after the lock was taken (held 3,000 ms)`,
    );
    expect(cast.after).toBeGreaterThan(2_500);
    phone.close();
    meeting.destroy();
  }, 30_000);

  it('after a kill -9 during the lock, no peer holds a paragraph the restarted server lacks', async () => {
    const admin = new ApiClient(server!.url);
    await admin.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    const meetings = await admin.ok<{ code: string }[]>('GET', '/meetings');
    const code = meetings[0]!.code;
    const writer = connectDoc(server!.url, code, { cookie: admin.cookie });
    const witness = connectDoc(server!.url, code, { cookie: admin.cookie });
    await Promise.all([writer.synced, witness.synced]);

    // Longer than the old 5 s busy_timeout: the old server relayed the edit after failing to store it.
    const lock = await lockDatabase(dbFile, 8_000);
    writer.doc.getXmlFragment(YDOC_KEYS.minutes).push([paragraph('崩溃前未保存的一段')]);
    await new Promise((r) => setTimeout(r, 6_500));
    const seen = minutesText(witness.doc);
    await server!.crash();
    lock.kill();
    await lock.released;
    writer.destroy();
    witness.destroy();

    server = await startChildServer(dataDir, { AUDIO_ENABLED: 'false' });
    const again = new ApiClient(server.url);
    await again.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    const fresh = connectDoc(server.url, code, { cookie: again.cookie });
    await fresh.synced;
    const stored = minutesText(fresh.doc);
    fresh.destroy();
    for (const line of seen.split('\n').filter(Boolean)) expect(stored).toContain(line);
  }, 60_000);
});
