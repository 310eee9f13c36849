/**
 * The meeting's Y.Doc over the collab websocket (`/collab/<code>`, y-websocket protocol).
 * Staff are recognised by their session cookie; participants add `?token=`.
 * Only the console and the recorder's minutes editor import this module (it brings yjs).
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_PATH, isFinalCollabClose } from './protocol';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function openCollab(code: string, token?: string | null): CollabSession {
  const doc = new Y.Doc();
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
  return {
    doc,
    provider,
    destroy() {
      provider.awareness.setLocalState(null);
      provider.destroy();
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
