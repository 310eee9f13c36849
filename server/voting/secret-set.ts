import type { ElectronicChannel } from './open-vote';

/**
 * A secret vote as stored (migration 007): three sets, each kept as ONE value of one row and
 * rewritten whole by every group commit.
 *
 * Why not rows: SQLite fills a B-tree page's cell content area in insertion order, whatever
 * the key order (WITHOUT ROWID too), and a freed cell keeps its bytes; so rows of "who voted"
 * and rows of "what was chosen", written together, stay in the same physical order and link
 * voters to choices for anyone holding a copy of the file. Here each set is serialised sorted
 * by a key that carries no time (random participant ids, sha256 token hashes, ballot ids), so
 * no arrival order survives in the current row; secure_delete zeroes the bytes of the version
 * it replaces, and the WAL is checkpointed and truncated after secret batches (see
 * storage/checkpoint.ts), so older versions do not accumulate either.
 */
export interface SecretSet {
  /** Who voted (participant id → channel), to refuse a second ballot and show turnout. */
  voters: Map<string, ElectronicChannel>;
  /** Anonymous choices by sha256 of the voter's token; no channel, no time. */
  ballots: Map<string, string>;
  /** Every ballot id the vote has seen, so a replay never counts twice. */
  ballotIds: Set<string>;
}

export interface SecretSetRow {
  voters: string;
  ballots: string;
  ballot_ids: string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted, so the stored bytes depend on the set, never on the order things arrived in. */
export function encodeSecretSet(set: SecretSet): SecretSetRow {
  const voters = [...set.voters].map(([id, channel]) => `${id}:${channel}`).sort(byString);
  const ballots = [...set.ballots].sort((a, b) => byString(a[0], b[0]));
  return {
    voters: JSON.stringify(voters),
    ballots: JSON.stringify(ballots),
    ballot_ids: JSON.stringify([...set.ballotIds].sort(byString)),
  };
}

export function decodeSecretSet(row: SecretSetRow): SecretSet {
  const voters = new Map<string, ElectronicChannel>();
  for (const entry of JSON.parse(row.voters) as string[]) {
    const at = entry.lastIndexOf(':');
    voters.set(entry.slice(0, at), entry.slice(at + 1) as ElectronicChannel);
  }
  return {
    voters,
    ballots: new Map(JSON.parse(row.ballots) as [string, string][]),
    ballotIds: new Set(JSON.parse(row.ballot_ids) as string[]),
  };
}

export const emptySecretSet = (): SecretSet => ({
  voters: new Map(),
  ballots: new Map(),
  ballotIds: new Set(),
});
