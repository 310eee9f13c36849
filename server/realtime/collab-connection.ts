import type { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { COLLAB_CLOSE } from '../../shared/collab';
import { LIMITS } from '../../shared/protocol';
import type { Logger } from '../logger';
import type { TokenBucket } from '../util/rate-limit';
import type { SharedDoc } from '../collab/docs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
const PING_INTERVAL_MS = 30_000;

/**
 * One y-websocket client. Speaks the standard y-protocols sync + awareness messages, with
 * one twist: writes are accepted only while `canWrite()` says so, checked on every message
 * (a participant demoted mid-meeting stops writing at once; a closed meeting takes none).
 */
export class CollabConnection {
  private readonly awarenessIds = new Set<number>();
  private readonly unsubscribe: () => void;
  private alive = true;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly shared: SharedDoc,
    private readonly canWrite: () => boolean,
    private readonly budget: TokenBucket,
    private readonly log: Logger,
  ) {
    // A malformed frame (bad opcode, invalid UTF-8, unmasked, over maxPayload) makes `ws` close
    // the socket and emit 'error': without this listener that error would end the process.
    ws.on('error', (err) => {
      this.log.debug({ err }, 'collab websocket error');
      ws.terminate();
    });
    this.unsubscribe = shared.onPersistedUpdate((update, origin) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
    shared.awareness.on('update', this.onAwareness);
    ws.binaryType = 'arraybuffer';
    ws.on('message', (data: ArrayBuffer) => this.onMessage(new Uint8Array(data)));
    ws.on('close', () => this.close());
    ws.on('pong', () => (this.alive = true));
    this.pinger = setInterval(() => {
      if (!this.alive) return ws.terminate();
      this.alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);

    // Start the sync: our state vector (step 1), then the current awareness states.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, shared.doc);
    this.send(encoding.toUint8Array(encoder));
    const states = [...shared.awareness.getStates().keys()];
    if (states.length > 0) this.send(this.awarenessMessage(states));
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.shared.awareness, clients),
    );
    return encoding.toUint8Array(encoder);
  }

  private readonly onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (origin === this) {
      for (const id of added) this.awarenessIds.add(id);
      for (const id of removed) this.awarenessIds.delete(id);
    }
    this.send(this.awarenessMessage(changed));
  };

  private onMessage(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (!this.budget.take()) {
      // Over budget: y-websocket reconnects with backoff and resyncs whatever it holds.
      return this.refuse(COLLAB_CLOSE.rateLimited, 'rate limited');
    }
    if (message.length > LIMITS.collabMessageBytes) {
      return this.refuse(COLLAB_CLOSE.docTooLarge, 'message too large');
    }
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) this.onSync(decoder);
      else if (type === MESSAGE_AWARENESS) {
        const update = decoding.readVarUint8Array(decoder);
        if (update.length > LIMITS.collabAwarenessBytes) {
          return this.refuse(COLLAB_CLOSE.docTooLarge, 'awareness too large');
        }
        awarenessProtocol.applyAwarenessUpdate(this.shared.awareness, update, this);
      } else if (type === MESSAGE_QUERY_AWARENESS) {
        this.send(this.awarenessMessage([...this.shared.awareness.getStates().keys()]));
      }
    } catch (err) {
      // A malformed message ends this connection only; the doc and the server carry on.
      this.log.debug({ err }, 'malformed collab message');
      this.refuse(4400, 'malformed message');
    }
  }

  private refuse(code: number, reason: string): void {
    // Already closing: the close handshake (with its code) is under way; let it finish.
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
  }

  private onSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncStep1(decoder, encoder, this.shared.doc);
      this.send(encoding.toUint8Array(encoder));
      return;
    }
    // Step 2 and updates carry edits: dropped for read-only connections and closed meetings.
    if (!this.canWrite()) return;
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) return;
    const update = decoding.readVarUint8Array(decoder);
    if (!this.shared.fits(update.length)) {
      return this.refuse(COLLAB_CLOSE.docTooLarge, 'document too large');
    }
    Y.applyUpdate(this.shared.doc, update, this);
  }

  private send(message: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }

  /** Ends this connection; `code` goes to the client (none: the websocket's default). */
  close(code?: number): void {
    clearInterval(this.pinger);
    this.unsubscribe();
    this.shared.awareness.off('update', this.onAwareness);
    awarenessProtocol.removeAwarenessStates(this.shared.awareness, [...this.awarenessIds], null);
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code);
  }
}
