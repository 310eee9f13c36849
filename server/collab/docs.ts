import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { LIMITS } from '../../shared/protocol';
import type { Logger } from '../logger';
import { Batcher, Serial } from '../util/serial';
import type { DocPersistence } from './persistence';

/** Compact the update log after this many appended updates. */
const COMPACT_EVERY = 500;
/** Backoff between attempts to store a batch that failed (busy or failing database). */
const RETRY_MIN_MS = 20;
const RETRY_MAX_MS = 2_000;

export type UpdateListener = (update: Uint8Array, origin: unknown) => void;

interface PendingUpdate {
  update: Uint8Array;
  origin: unknown;
}

/**
 * One meeting's Y.Doc in memory. Every update is appended to the persistence *before* it is
 * relayed to anyone, in arrival order: whatever another client has seen survives a crash.
 */
export class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly serial = new Serial();
  /**
   * Group commit: updates that arrive while a write is under way are stored together in one
   * transaction (one fsync), then relayed one by one in arrival order. One fsync per keystroke
   * saturated the server at 50 typists (tests/bench coedit).
   */
  private readonly writer = new Batcher<PendingUpdate, undefined>(this.serial, (batch) =>
    this.persistThenRelay(batch),
  );
  private sinceCompaction = 0;
  private readonly relays = new Set<UpdateListener>();
  /** Upper bound of the doc's encoded size: exact at load, plus every update since. */
  private approxBytes: number;
  private closing = false;

  constructor(
    readonly meetingId: string,
    private readonly persistence: DocPersistence,
    private readonly log: Logger,
    stored: Uint8Array[] = [],
  ) {
    // The server holds no cursor of its own.
    this.awareness.setLocalState(null);
    // Stored updates are applied before the listener exists, so they are not stored again.
    if (stored.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates(stored));
    this.approxBytes = Y.encodeStateAsUpdate(this.doc).length;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.approxBytes += update.length;
      void this.writer.submit({ update, origin });
    });
  }

  /**
   * Whether an update of `bytes` keeps the doc within LIMITS.collabDocBytes. Cheap while the
   * running upper bound fits; near the limit the doc is measured exactly.
   */
  fits(bytes: number, limit: number = LIMITS.collabDocBytes): boolean {
    if (this.approxBytes + bytes <= limit) return true;
    this.approxBytes = Y.encodeStateAsUpdate(this.doc).length;
    return this.approxBytes + bytes <= limit;
  }

  /** Listeners that receive updates once persisted (websocket fan-out, agenda watcher). */
  onPersistedUpdate(listener: UpdateListener): () => void {
    this.relays.add(listener);
    return () => this.relays.delete(listener);
  }

  private async persistThenRelay(batch: PendingUpdate[]): Promise<undefined[]> {
    const updates = batch.map((p) => p.update);
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    // Nothing is relayed before it is stored: a peer must never see an edit that a crash
    // would lose. A failed append is retried with backoff; later batches wait behind this
    // one in the serial queue, so arrival order is kept.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.persistence.append(this.meetingId, merged);
        break;
      } catch (err) {
        if (this.closing && attempt >= 8) {
          this.log.error({ err, meetingId: this.meetingId }, 'doc updates not stored at shutdown');
          return batch.map(() => undefined);
        }
        if (attempt % 10 === 0) {
          this.log.error(
            { err, meetingId: this.meetingId, attempt },
            'storing doc updates failed; retrying',
          );
        }
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(attempt, 10));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    this.sinceCompaction += 1;
    for (const { update, origin } of batch) {
      for (const relay of this.relays) relay(update, origin);
    }
    if (this.sinceCompaction >= COMPACT_EVERY) await this.compactNow();
    return batch.map(() => undefined);
  }

  /** Resolves once every update received so far is stored. */
  /** Every update stored and relayed, and no client listening. */
  get idle(): boolean {
    return this.writer.idle && this.relays.size === 0;
  }

  flushed(): Promise<void> {
    return this.serial.run(async () => {});
  }

  compact(): Promise<void> {
    return this.serial.run(() =>
      this.sinceCompaction > 0 ? this.compactNow() : Promise.resolve(),
    );
  }

  private async compactNow(): Promise<void> {
    try {
      await this.persistence.compact(this.meetingId, Y.encodeStateAsUpdate(this.doc));
      this.sinceCompaction = 0;
    } catch (err) {
      this.log.error({ err, meetingId: this.meetingId }, 'failed to compact a doc');
    }
  }

  /** At shutdown: a few more attempts (~5 s), then whatever is still unstored is logged and dropped. */
  stopRetrying(): void {
    this.closing = true;
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Loads each meeting's doc once from the injected persistence and keeps it in memory. */
export class DocStore {
  private readonly docs = new Map<string, Promise<SharedDoc>>();
  /** The docs that finished loading, for the synchronous checks of `unload`. */
  private readonly ready = new Map<string, SharedDoc>();

  constructor(
    private readonly persistence: DocPersistence,
    private readonly log: Logger,
    private readonly onCreated: (doc: SharedDoc) => void = () => {},
  ) {}

  get(meetingId: string): Promise<SharedDoc> {
    let entry = this.docs.get(meetingId);
    if (!entry) {
      entry = this.load(meetingId);
      this.docs.set(meetingId, entry);
      entry.catch(() => this.docs.delete(meetingId));
    }
    return entry;
  }

  private async load(meetingId: string): Promise<SharedDoc> {
    const stored = await this.persistence.load(meetingId);
    const shared = new SharedDoc(meetingId, this.persistence, this.log, stored);
    this.onCreated(shared);
    this.ready.set(meetingId, shared);
    return shared;
  }

  /** Whether the meeting's doc may leave memory now: not loading, nothing unwritten. */
  canUnload(meetingId: string): boolean {
    if (!this.docs.has(meetingId)) return true;
    return this.ready.get(meetingId)?.idle ?? false;
  }

  /**
   * Drops an idle meeting's doc (synchronously, so no one can be handed it meanwhile); the
   * next `get` loads it again from the stored updates.
   */
  unload(meetingId: string): void {
    const doc = this.ready.get(meetingId);
    if (!doc || !this.canUnload(meetingId)) return;
    this.docs.delete(meetingId);
    this.ready.delete(meetingId);
    doc.destroy();
  }

  async flushAll(): Promise<void> {
    for (const entry of this.docs.values()) await (await entry).flushed();
  }

  async close(): Promise<void> {
    for (const entry of this.docs.values()) {
      const doc = await entry;
      doc.stopRetrying();
      await doc.flushed();
      doc.destroy();
    }
    this.docs.clear();
    this.ready.clear();
  }
}
