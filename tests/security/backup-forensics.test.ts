import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DB_FILE,
  integrityProblems,
  snapshotDatabase,
  type SnapshotMethod,
} from '../../server/storage/backup';
import { useServer } from '../integration/helpers/fixture';
import {
  CHANCE_BOUND,
  assertNothingLeft,
  attack,
  secretVoteCopies,
  type Copy,
} from './helpers/forensics';

/**
 * Issue 11: a backup never contains linkable secret ballots. The issue-9 analyst attacks the
 * backup file (cell order in b-tree pages, entry order in stored values, older versions of the
 * secret sets, free pages), taken right after a ballot's ack in the middle of a vote — the
 * moment a raw copy of DATA_DIR still has the last commits in its WAL — after the vote closes
 * and after the meeting closes. Both ways SQLite can take a live snapshot are attacked:
 * VACUUM INTO (what `npm run backup` uses) and the online backup API's page copy.
 */
const METHODS: SnapshotMethod[] = ['vacuum', 'pages'];

const fx = useServer({
  env: {
    RATE_LIMIT_FACTOR: '0',
    RATE_CONNECTIONS_PER_ADDRESS: '100000',
    RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: '100000',
  },
});
const scratch = mkdtempSync(path.join(tmpdir(), 'yuanba-backup-forensics-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let taken = 0;
/** A backup by each method, as the analyst would get it, plus a raw copy of DATA_DIR. */
async function backups(): Promise<Record<SnapshotMethod | 'raw', Copy>> {
  const live = path.join(fx.server.dataDir, DB_FILE);
  const out = {} as Record<SnapshotMethod | 'raw', Copy>;
  out.raw = {
    db: readFileSync(live),
    wal: existsSync(`${live}-wal`) ? readFileSync(`${live}-wal`) : Buffer.alloc(0),
  };
  for (const method of METHODS) {
    const file = path.join(scratch, `${(taken += 1)}-${method}.sqlite`);
    await snapshotDatabase(live, file, method);
    expect(integrityProblems(file)).toEqual([]);
    // One self-contained file: nothing beside it.
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-shm`)).toBe(false);
    out[method] = { db: readFileSync(file), wal: Buffer.alloc(0) };
  }
  return out;
}

describe('a backup taken during and after a secret vote', () => {
  for (const n of [20, 120]) {
    it(`links no more of ${n} voters than chance and keeps no older version`, async () => {
      const run = await secretVoteCopies(fx, n, backups);
      const raw = attack(run.midVote.raw, run.known, run.truth);
      const figures: Record<string, unknown> = { n, rawMidVote: raw };
      // For comparison, logged: at the same moment a raw copy of DATA_DIR still links the
      // commits of the last second from its WAL (issue 9 accepts that; how many depends on
      // where the debounced checkpoint fell), while a backup carries no WAL at all.
      for (const method of METHODS) {
        const moments = {
          midVote: run.midVote[method],
          afterVote: run.afterVote[method],
          afterMeeting: run.afterMeeting[method],
        };
        for (const [moment, copy] of Object.entries(moments)) {
          const result = attack(copy, run.known, run.truth);
          figures[`${method}.${moment}`] = { order: result.order, found: result.found };
          const label = `${method} backup ${moment}`;
          // The attack does find the data: every voter and ballot cast by then is in the file.
          const cast = moment === 'midVote' ? run.tokensAtMid.length : n;
          expect(result.found, `${label}: found`).toEqual({ voters: cast, ballots: cast });
          expect(result.order, `${label}: linked by cell order`).toBeLessThanOrEqual(CHANCE_BOUND);
          assertNothingLeft(copy, moment === 'midVote' ? run.tokensAtMid : run.tokens, label);
        }
      }
      console.log(JSON.stringify(figures));
    }, 60_000);
  }
});
