import type { Ladder, LadderLevel } from '../protocol';

/**
 * A consensus-ladder position given offline (or whose ack was lost), in localStorage so that it
 * survives a reload or a closed tab and is sent when the phone is back, with the same
 * `positionId`: the server applies it once (server/ladder/machine.ts). It is for one revision of
 * the text: once the facilitator has revised it, a queued position is dropped, not applied to
 * words the person never saw.
 */
export interface PendingPosition {
  ladderId: string;
  /** The revision (0-based) shown when it was given. */
  version: number;
  level: LadderLevel;
  reason?: string;
  positionId: string;
}

const pendingKey = (ladderId: string) => `yuanba.ladder.pending.${ladderId}`;
const ladderKey = (code: string) => `yuanba.ladder.${code}`;

function read<T>(key: string): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // disabled storage or quota: it is still sent while the page stays open
  }
}

export const loadPendingPosition = (ladderId: string) =>
  read<PendingPosition>(pendingKey(ladderId));
export const savePendingPosition = (ladderId: string, pending: PendingPosition | null) =>
  write(pendingKey(ladderId), pending);

/** The meeting's latest ladder as the phone last saw it, so it shows offline too. */
export const loadKeptLadder = (code: string) => read<Ladder>(ladderKey(code));
export const saveKeptLadder = (code: string, ladder: Ladder | null) =>
  write(ladderKey(code), ladder);
