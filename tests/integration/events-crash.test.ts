/**
 * Issue 12, "Done means": nothing is lost between commit and broadcast. The test-only fault
 * seam (server/events/faults.ts) makes the server SIGKILL itself right after `meeting.closed`
 * commits, before any consumer ran. The database then holds the event with the record
 * consumer's cursor behind it; the next start on the same DATA_DIR catches up: the record is
 * built, signed and verifies, and its chain covers the new event kinds.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MeetingRecord, SigningKeyInfo, TalliedVote } from '../../shared/protocol';
import { adminClient, ApiClient, ADMIN, createLiveMeeting, join } from './helpers/api';
import { verifyRecordCli } from './helpers/records';
import { startChildServer, tempDataDir, type ChildServer } from './helpers/server';

const dataDir = tempDataDir();
let running: ChildServer | null = null;
afterAll(async () => {
  await running?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What is on disk while no server runs, read as an auditor with the file would. */
function onDisk(meetingId: string) {
  const db = new SQLite(path.join(dataDir, 'yuanba.sqlite'), { readonly: true });
  try {
    const closed = db
      .prepare(`SELECT position FROM events WHERE meeting_id = ? AND kind = 'meeting.closed'`)
      .get(meetingId) as { position: number } | undefined;
    const cursor = db
      .prepare(`SELECT position FROM event_cursors WHERE consumer = 'record'`)
      .get() as { position: number } | undefined;
    const records = db
      .prepare('SELECT count(*) AS n FROM records WHERE meeting_id = ?')
      .get(meetingId) as { n: number };
    const kinds = (
      db.prepare('SELECT kind FROM events WHERE meeting_id = ? ORDER BY seq').all(meetingId) as {
        kind: string;
      }[]
    ).map((r) => r.kind);
    return {
      closed: closed?.position ?? null,
      cursor: cursor?.position ?? 0,
      records: records.n,
      kinds,
    };
  } finally {
    db.close();
  }
}

describe('a crash between the close and its record', () => {
  it('is caught up at the next start: the record is built, signed and verifies', async () => {
    running = await startChildServer(dataDir, {
      YUANBA_TEST: '1',
      YUANBA_TEST_FAULTS: 'crash-after-commit:meeting.closed',
    });
    const admin = await adminClient(running.url);
    const { meeting } = await createLiveMeeting(admin);
    const li = await join(running.url, meeting.code, '李大爷');
    await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${li.participant.id}`, {
      role: 'member',
    });
    const vote = await admin.ok<TalliedVote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '加装电梯',
    });
    await li.api.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/ballots`, {
      choice: 'agree',
    });
    await admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);

    const died = new Promise<NodeJS.Signals | null>((resolve) =>
      running!.process.once('exit', (_code, signal) => resolve(signal)),
    );
    // The process dies after the commit: the request gets no answer.
    await expect(admin.request('POST', `/meetings/${meeting.code}/close`)).rejects.toThrow();
    expect(await died).toBe('SIGKILL');

    const crashed = onDisk(meeting.id);
    expect(crashed.closed).not.toBeNull();
    expect(crashed.kinds.slice(-2)).toEqual(['meeting.closed', 'minutes.frozen']);
    expect(crashed.cursor).toBeLessThan(crashed.closed!);
    expect(crashed.records).toBe(0);

    // The same DATA_DIR, without the fault: the record consumer catches up before serving.
    running = await startChildServer(dataDir);
    // Caught up before it listened: nobody has asked for the record yet.
    const caughtUp = onDisk(meeting.id);
    expect(caughtUp.records).toBe(1);
    expect(caughtUp.cursor).toBeGreaterThanOrEqual(crashed.closed!);
    // Signed once, after the chain the record carries.
    expect(caughtUp.kinds.filter((k) => k === 'record.signed')).toHaveLength(1);
    expect(caughtUp.kinds.at(-1)).toBe('record.signed');

    const again = new ApiClient(running.url);
    await again.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    const res = await fetch(`${running.url}/api/meetings/${meeting.code}/record.json`, {
      headers: { cookie: again.cookie },
    });
    expect(res.status).toBe(200);
    const record = (await res.json()) as MeetingRecord;
    const key = await again.ok<SigningKeyInfo>('GET', '/record-key');
    expect(await verifyRecordCli(record, dataDir, ['--key', key.fingerprint])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^OK: signed by/),
    });
    const chain = record.audit!.entries.map((e) => e.kind);
    for (const kind of [
      'settings.changed',
      'meeting.started',
      'item.changed',
      'roster.added',
      'participant.changed',
      'vote.opened',
      'ballots.received',
      'vote.closed',
      'meeting.closed',
      'minutes.frozen',
    ]) {
      expect(chain).toContain(kind);
    }
  }, 60_000);
});
