import { createHash } from 'node:crypto';

import type { EventKind } from '../../shared/events/kinds';
import type { AuditEntry } from '../../shared/protocol';

export type { AuditEntry };

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level, so the same entry always hashes the same
 * whatever order its fields were built in (the record is re-serialised on export).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256(prev hash + canonical JSON of the entry's content). */
export function linkHash(prevHash: string, entry: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  const { seq, at, kind, data } = entry;
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ seq, at, kind, data }))
    .digest('hex');
}

export function nextEntry(
  prev: Pick<AuditEntry, 'seq' | 'hash'> | null,
  at: string,
  kind: EventKind,
  data: unknown,
): AuditEntry {
  const seq = prev ? prev.seq + 1 : 1;
  const prevHash = prev?.hash ?? GENESIS_HASH;
  return { seq, at, kind, data, prevHash, hash: linkHash(prevHash, { seq, at, kind, data }) };
}

export type ChainProblem = { seq: number; problem: string };

/** Recomputes every link; returns each alteration found (empty when the chain is intact). */
export function verifyChain(entries: readonly AuditEntry[], headHash: string): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  entries.forEach((entry, i) => {
    if (entry.seq !== i + 1) problems.push({ seq: entry.seq, problem: `expected seq ${i + 1}` });
    if (entry.prevHash !== prevHash) {
      problems.push({ seq: entry.seq, problem: 'prevHash does not match the previous entry' });
    }
    if (linkHash(entry.prevHash, entry) !== entry.hash) {
      problems.push({ seq: entry.seq, problem: 'content altered: hash does not match' });
    }
    prevHash = entry.hash;
  });
  if (prevHash !== headHash) {
    problems.push({ seq: entries.length, problem: 'head hash does not match the last entry' });
  }
  return problems;
}
