import type { RoomState } from '../protocol';

/**
 * The last room state a phone received, kept in localStorage so that a reload without network
 * (the service worker serves the page) shows the current item, the open vote with its options
 * and the temperature check, marked as offline, instead of an empty page. The phone's own
 * ballot comes from its outbox (ballot-outbox.ts), not from here.
 */
export interface RoomSnapshot {
  /** `RoomStore.live`: the state with the newest vote and temperature check. */
  state: RoomState;
  /** When the phone received it (local clock, ms). */
  savedAt: number;
}

const key = (code: string) => `yuanba.room.${code}`;

export function loadRoomSnapshot(code: string): RoomSnapshot | null {
  try {
    const raw = globalThis.localStorage?.getItem(key(code));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<RoomSnapshot>;
    return parsed.state && typeof parsed.savedAt === 'number'
      ? { state: parsed.state, savedAt: parsed.savedAt }
      : null;
  } catch {
    return null; // disabled storage or a damaged copy: start empty, as before
  }
}

export function saveRoomSnapshot(code: string, state: RoomState): void {
  try {
    const snapshot: RoomSnapshot = { state, savedAt: Date.now() };
    globalThis.localStorage?.setItem(key(code), JSON.stringify(snapshot));
  } catch {
    // quota or disabled storage: the live page is unaffected
  }
}

export function clearRoomSnapshot(code: string): void {
  try {
    globalThis.localStorage?.removeItem(key(code));
  } catch {
    // nothing kept
  }
}
