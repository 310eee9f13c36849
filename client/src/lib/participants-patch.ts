import type { Participant, ParticipantsPatch } from './protocol';

/**
 * A console's participant list with one `participants:patch` applied: changed people replaced
 * where they stand, removed ones dropped, new ones appended (the server's list order).
 */
export function applyParticipantsPatch(
  list: Participant[],
  patch: ParticipantsPatch,
): Participant[] {
  const changed = new Map(patch.upsert.map((p) => [p.id, p]));
  const gone = new Set(patch.remove);
  const kept = list.filter((p) => !gone.has(p.id)).map((p) => changed.get(p.id) ?? p);
  const known = new Set(kept.map((p) => p.id));
  return [...kept, ...patch.upsert.filter((p) => !known.has(p.id))];
}
