/**
 * Names and clean-up of the co-edited documents kept in this browser's IndexedDB (y-indexeddb),
 * so that minutes and agenda edits made offline survive a reload or a closed tab and merge when
 * the connection returns. No yjs here: the logout path imports this without the editor.
 *
 * One store per meeting AND per person: two staff members sharing a laptop never load each
 * other's unsent edits, and a store is named after the meeting's id where it is known (the
 * staff console), so a meeting deleted and recreated with the same six-digit code does not
 * receive the old meeting's text. A recorder's store is named after the participant, who is
 * new in a recreated meeting.
 */
const PREFIX = 'yb-collab';

export type CollabOwner = { staff: string } | { participant: string };

const ownerPart = (owner: CollabOwner): string =>
  'staff' in owner ? `u:${owner.staff}` : `p:${owner.participant}`;

export const collabStoreName = (owner: CollabOwner, meeting: string): string =>
  `${PREFIX}:${ownerPart(owner)}:${meeting}`;

/**
 * Close codes after which the local copy must go: the account may no longer edit (4403) or the
 * meeting is gone (4404). Kept, it would be offered to the server again on every visit.
 */
export const DROPS_LOCAL_COPY = new Set([4403, 4404]);

/** Deletes every store of this owner (on logout: the next person at this laptop starts clean). */
export async function clearCollabStores(owner: CollabOwner): Promise<void> {
  const idb = globalThis.indexedDB;
  if (!idb?.databases) return;
  try {
    const start = `${PREFIX}:${ownerPart(owner)}:`;
    for (const { name } of await idb.databases()) {
      if (name?.startsWith(start)) idb.deleteDatabase(name);
    }
  } catch {
    // private mode or no IndexedDB: nothing was kept
  }
}
