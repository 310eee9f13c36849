import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServer } from '../integration/helpers/fixture';
import {
  CHANCE_BOUND,
  assertNothingLeft,
  attack,
  secretVoteCopies,
  type Copy,
} from './helpers/forensics';

/**
 * Issue 9, finding 2: an analyst with a copy of DATA_DIR (the laptop, a backup) must not be
 * able to tell who chose what in a secret vote. Phones cast one at a time, each a distinct
 * known choice; the test copies the database and its WAL mid-vote, after the vote closes and
 * after the meeting closes, and attacks the raw bytes: cell order in b-tree pages, entry
 * order in stored values, and successive WAL commits.
 */

// Every test phone comes from 127.0.0.1; in a hall each has its own address. The per-address
// caps on joins and connections are lifted here (as for the bench), per-socket budgets stay.
const fx = useServer({
  env: {
    RATE_LIMIT_FACTOR: '0',
    RATE_CONNECTIONS_PER_ADDRESS: '100000',
    RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: '100000',
  },
});

/** What the analyst takes: the database file and its WAL, as they are on disk right now. */
function copyDataDir(): Copy {
  const file = path.join(fx.server.dataDir, 'yuanba.sqlite');
  const wal = `${file}-wal`;
  return { db: readFileSync(file), wal: existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0) };
}

const secretVote = (n: number, pauseMs = 0) => secretVoteCopies(fx, n, copyDataDir, pauseMs);

describe('a secret vote, read from a copy of DATA_DIR', () => {
  for (const n of [20, 200]) {
    it(`links no more of ${n} voters than chance, from pages or WAL frames`, async () => {
      const run = await secretVote(n);
      const mid = attack(run.midVote, run.known, run.truth);
      const afterVote = attack(run.afterVote, run.known, run.truth);
      const afterMeeting = attack(run.afterMeeting, run.known, run.truth);
      console.log(JSON.stringify({ n, mid, afterVote, afterMeeting }));
      // The attack does find the data: every voter and every ballot is in the copy.
      expect(afterVote.found).toEqual({ voters: n, ballots: n });
      for (const [label, result] of Object.entries({ afterVote, afterMeeting })) {
        expect(result.order, `${label}: linked by cell order`).toBeLessThanOrEqual(CHANCE_BOUND);
        expect(result.wal, `${label}: linked by WAL commits`).toBeLessThanOrEqual(CHANCE_BOUND);
      }
      assertNothingLeft(run.afterVote, run.tokens, 'after the vote');
      assertNothingLeft(run.afterMeeting, run.tokens, 'after the meeting');
    }, 180_000);
  }

  it('mid-vote, with people voting seconds apart, leaves only the latest ballots in the WAL', async () => {
    // Checkpoints follow secret batches after CHECKPOINT_DEBOUNCE_MS (250 ms): at the moment
    // of the copy the WAL holds the ballots of the last quarter second or so, not the vote.
    const run = await secretVote(10, 600);
    const mid = attack(run.midVote, run.known, run.truth);
    console.log(JSON.stringify({ n: 10, paced: true, mid }));
    expect(mid.order).toBeLessThanOrEqual(CHANCE_BOUND);
    expect(mid.wal).toBeLessThanOrEqual(2);
  }, 60_000);
});
