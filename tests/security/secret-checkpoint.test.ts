import { existsSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vote } from '../../shared/protocol';
import { useServer } from '../integration/helpers/fixture';
import { createLiveMeeting, join } from '../integration/helpers/api';
import { emitAck, until } from '../integration/helpers/realtime';

/**
 * A backup tool reading the database while a secret vote closes: its read snapshot keeps the
 * WAL from being truncated. The close must still answer at once, and the WAL must be emptied
 * as soon as the reader is done (the checkpoint is retried, not dropped).
 */
const fx = useServer();

describe('the WAL after a secret vote, with a backup reading', () => {
  it('closes at once and truncates the WAL once the reader is done', async () => {
    const file = path.join(fx.server.dataDir, 'yuanba.sqlite');
    const walBytes = () => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    const { meeting } = await createLiveMeeting(fx.admin);
    const vote = await fx.admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '无记名',
      secret: true,
    });
    for (const [i, name] of ['甲', '乙', '丙'].entries()) {
      const v = await join(fx.server.url, meeting.code, name);
      const phone = await fx.phone(meeting.code, v.token);
      const ack = await emitAck(phone, 'vote:cast', {
        voteId: vote.id,
        choice: i === 0 ? 'oppose' : 'agree',
        secretToken: `checkpoint-token-${i}-xxxxxxxx`,
      });
      expect(ack.ok).toBe(true);
    }
    // A reader's snapshot taken right after the last ballot, before any checkpoint: the WAL
    // cannot be reset while it reads.
    const backup = new SQLite(file, { readonly: true, fileMustExist: true });
    backup.exec('BEGIN');
    backup.prepare('SELECT count(*) FROM votes').get();
    const started = Date.now();
    await fx.admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
    // The close waited at most for its bounded checkpoint attempts, not for the reader.
    expect(Date.now() - started).toBeLessThan(2_500);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(walBytes()).toBeGreaterThan(0); // the reader's snapshot still needs it
    backup.exec('COMMIT');
    backup.close();
    await until(() => walBytes() === 0, 5_000, 'the WAL to be truncated');
  }, 30_000);
});
