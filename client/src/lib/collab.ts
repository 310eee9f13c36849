/**
 * The meeting's Y.Doc over the collab websocket (`/collab/<code>`, y-websocket protocol).
 * Staff are recognised by their session cookie; participants add `?token=`.
 * Only the console and the recorder's minutes editor import this module (it brings yjs).
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { collabStoreName, DROPS_LOCAL_COPY, type CollabOwner } from './collab-local';
import { COLLAB_PATH, isFinalCollabClose } from './protocol';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export interface CollabOptions {
  /** A participant's token (the recorder); staff use their session cookie. */
  token?: string | null;
  /**
   * Keep the document in this browser (collab-local.ts): edits made offline survive a reload
   * or a closed tab and are sent, merged by Yjs, when the server is back.
   */
  local?: { owner: CollabOwner; meeting: string } | null;
}

export function openCollab(code: string, options: CollabOptions = {}): CollabSession {
  const doc = new Y.Doc();
  const { token, local } = options;
  const kept = local
    ? new IndexeddbPersistence(collabStoreName(local.owner, local.meeting), doc)
    : null;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const provider = new WebsocketProvider(`${scheme}://${location.host}${COLLAB_PATH}`, code, doc, {
    params: token ? { token } : {},
    // Tabs must not relay edits to each other behind the server's permission checks.
    disableBc: true,
    maxBackoffTime: 5000,
    // Refusals and a message too big to ever pass stop here: retrying would resend the same
    // oversized edit forever.
    shouldReconnect: (event) => !isFinalCollabClose(event.code),
  });
  // Refused for good (rights revoked, meeting deleted): the local copy is dropped, so it is not
  // pushed again on the next visit. The provider itself has stopped (no retry loop).
  provider.on('closed', ({ code: closeCode }: { code: number }) => {
    if (kept && DROPS_LOCAL_COPY.has(closeCode)) void kept.clearData();
  });
  return {
    doc,
    provider,
    destroy() {
      provider.awareness.setLocalState(null);
      provider.destroy();
      void kept?.destroy();
      doc.destroy();
    },
  };
}

const COLORS = ['#1d5c7a', '#b3261e', '#1e7b3a', '#8a4baf', '#c26a00', '#00838f', '#ad1457'];

/** A stable colour per person for cursors and the "editing now" list (hex, as y-prosemirror needs). */
export function colorFor(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return COLORS[hash % COLORS.length] ?? '#1d5c7a';
}
