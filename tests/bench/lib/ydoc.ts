import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { YDOC_KEYS } from '../../../shared/collab';
import { now } from './workers';

// y-websocket adds a process 'exit' listener per provider in Node: a few is not a leak.
process.setMaxListeners(0);

export interface DocTarget {
  /** y-websocket's serverUrl: ws://host/collab for ours, ws://host for the stock server. */
  base: string;
  room: string;
  params: Record<string, string>;
  cookie?: string;
}

/** A y-websocket client in this thread, resolved once synced. */
export async function openDoc(
  target: DocTarget,
): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const doc = new Y.Doc();
  const headers = target.cookie ? { cookie: target.cookie } : {};
  class HeaderWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const provider = new WebsocketProvider(target.base, target.room, doc, {
    WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
    params: target.params,
    disableBc: true,
  });
  await new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return { doc, provider };
}

/**
 * Fills the minutes with ~`bytes` of Chinese paragraphs (the ProseMirror shape y-prosemirror
 * writes), in 40 edits like a recorder's bursts, and returns the doc's encoded size.
 */
export function seedMinutes(doc: Y.Doc, bytes: number): number {
  const minutes = doc.getXmlFragment(YDOC_KEYS.minutes);
  const sentence = '居民代表就加装电梯的选址、费用分摊和施工安排充分发表意见，会议记录如下。';
  const paragraphBytes = Buffer.byteLength(sentence.repeat(3));
  const paragraphs = Math.ceil(bytes / paragraphBytes);
  for (let burst = 0; burst < 40; burst += 1) {
    doc.transact(() => {
      for (let p = 0; p < paragraphs / 40; p += 1) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(sentence.repeat(3))]);
        minutes.insert(minutes.length, [paragraph]);
      }
    });
  }
  return Y.encodeStateAsUpdate(doc).length;
}

/** A late joiner: connect, receive the whole doc, check the minutes arrived; ms elapsed. */
export async function lateJoin(target: DocTarget, expectParagraphs: number): Promise<number> {
  const start = now();
  const { doc, provider } = await openDoc(target);
  const elapsed = now() - start;
  const got = doc.getXmlFragment(YDOC_KEYS.minutes).length;
  provider.destroy();
  doc.destroy();
  if (got < expectParagraphs)
    throw new Error(`late joiner got ${got}/${expectParagraphs} paragraphs`);
  return elapsed;
}
