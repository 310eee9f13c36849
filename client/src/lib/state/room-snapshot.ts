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

/**
 * A phone gets a room state per ballot of a 200-person vote; writing each to localStorage
 * (synchronous, a few KB of JSON) would stall an old phone. So the newest state is written
 * at most once a second, and at once when the page is hidden or left.
 */
const SAVE_EVERY_MS = 1_000;
const waiting = new Map<string, RoomSnapshot>();
let timer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  for (const [code, snapshot] of waiting) {
    try {
      globalThis.localStorage?.setItem(key(code), JSON.stringify(snapshot));
    } catch {
      // quota or disabled storage: the live page is unaffected
    }
  }
  waiting.clear();
}

if (typeof document !== 'undefined') {
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}

export function saveRoomSnapshot(code: string, state: RoomState): void {
  waiting.set(code, { state, savedAt: Date.now() });
  timer ??= setTimeout(flush, SAVE_EVERY_MS);
}

export function clearRoomSnapshot(code: string): void {
  waiting.delete(code);
  try {
    globalThis.localStorage?.removeItem(key(code));
  } catch {
    // nothing kept
  }
}
