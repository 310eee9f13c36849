import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { YDOC_KEYS } from '../../../shared/collab';
import {
  PROTOCOL_VERSION,
  type Ack,
  type ClientEventName,
  type ClientEventResults,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../shared/protocol';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type SocketAuth = {
  meetingCode: string;
  as: 'participant' | 'staff' | 'screen';
  token?: string;
};

/** A test socket, not yet connected: attach listeners, then `socket.connect()`. */
export function newSocket(baseUrl: string, auth: SocketAuth, cookie?: string): TestSocket {
  return io(baseUrl, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...auth },
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
    autoConnect: false,
  });
}

export function connectSocket(
  baseUrl: string,
  auth: SocketAuth,
  cookie?: string,
): Promise<TestSocket> {
  const socket = newSocket(baseUrl, auth, cookie);
  socket.connect();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** What a client may send with `event`, as its schema takes it (before defaults). */
export type ClientPayload<K extends ClientEventName> = Parameters<ClientToServerEvents[K]>[0];

/**
 * Emits a well-formed command with an ack and resolves with the server's Ack, typed by the
 * protocol: the payload is what `event`'s schema accepts, the result what its ack carries.
 * Hostile or malformed payloads go through `emitRawAck`.
 */
export function emitAck<K extends ClientEventName>(
  socket: TestSocket,
  event: K,
  payload: ClientPayload<K>,
): Promise<Ack<ClientEventResults[K]>> {
  return emitRawAck(socket, event, payload) as Promise<Ack<ClientEventResults[K]>>;
}

/**
 * Emits anything under any event name, as an attacker's own client would (no type checks):
 * for tests that send malformed, oversized or unknown payloads on purpose. The server's
 * answer is whatever it sends back, not trusted to be an Ack.
 */
export function emitRawAck(socket: TestSocket, event: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, cb: (a: unknown) => void) => void)(
      event,
      payload,
      resolve,
    );
  });
}

/** Resolves with the first event value that satisfies `predicate`. */
export function waitForEvent<K extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: K,
  predicate: (...args: Parameters<ServerToClientEvents[K]>) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[K]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[K]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

/** A real y-websocket client; staff pass their session cookie, participants their token. */
export function connectDoc(
  baseUrl: string,
  code: string,
  credentials: { cookie?: string; token?: string },
): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void>; destroy(): void } {
  const doc = new Y.Doc();
  const headers = credentials.cookie ? { cookie: credentials.cookie } : {};
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/collab`, code, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    params: credentials.token ? { token: credentials.token } : {},
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.once('sync', () => resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * The server's whole doc, asked for on `provider`'s own connection: a sync step 1 with an
 * empty state vector, answered by a step 2 holding everything the server has. The server
 * handles one connection's messages in order, so the answer reflects every edit this client
 * sent before asking (a positive barrier, unlike waiting a while).
 */
export function serverDocVia(provider: WebsocketProvider, timeoutMs = 5_000): Promise<Y.Doc> {
  const ws = provider.ws;
  if (!ws) return Promise.reject(new Error('the provider is not connected'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.removeEventListener('message', onMessage);
      reject(new Error('timed out waiting for the server doc'));
    }, timeoutMs);
    const onMessage = (event: MessageEvent) => {
      const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
      if (decoding.readVarUint(decoder) !== 0) return; // not a sync message
      if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return;
      clearTimeout(timer);
      ws.removeEventListener('message', onMessage);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      resolve(doc);
    };
    ws.addEventListener('message', onMessage);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, new Y.Doc());
    ws.send(encoding.toUint8Array(encoder));
  });
}

export async function until(
  condition: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Minutes as plain text: the XmlFragment's paragraphs joined. */
export const minutesText = (doc: Y.Doc): string =>
  doc
    .getXmlFragment(YDOC_KEYS.minutes)
    .toArray()
    .map((node) =>
      node instanceof Y.XmlElement
        ? node
            .toArray()
            .map((t) => (t as Y.XmlText).toString())
            .join('')
        : '',
    )
    .join('\n');

export const paragraph = (text: string): Y.XmlElement => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

export type SeenEvent = { event: string; args: unknown[] };

/**
 * A socket that records every event it receives, in order, from the handshake's first
 * `room:state` on (the recorder is attached before it connects).
 */
export async function recordingSocket(
  baseUrl: string,
  code: string,
  as: 'participant' | 'screen' | 'staff',
  credential?: string,
): Promise<{ socket: TestSocket; seen: SeenEvent[] }> {
  const socket: TestSocket = io(baseUrl, {
    auth: {
      protocolVersion: PROTOCOL_VERSION,
      meetingCode: code,
      as,
      ...(as === 'participant' ? { token: credential } : {}),
    },
    transports: ['websocket'],
    extraHeaders: as === 'staff' && credential ? { cookie: credential } : {},
    reconnection: false,
    forceNew: true,
    autoConnect: false,
  });
  const seen: SeenEvent[] = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push({ event, args }));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  socket.connect();
  await connected;
  await until(() => seen.some((e) => e.event === 'room:state'), 5_000, 'the handshake state');
  return { socket, seen };
}
