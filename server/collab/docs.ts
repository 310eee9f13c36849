import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../logger';
import { Batcher, Serial } from '../util/serial';
import type { DocPersistence } from './persistence';

/** Compact the update log after this many appended updates. */
const COMPACT_EVERY = 500;

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
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      void this.writer.submit({ update, origin });
    });
  }

  /** Listeners that receive updates once persisted (websocket fan-out, agenda watcher). */
  onPersistedUpdate(listener: UpdateListener): () => void {
    this.relays.add(listener);
    return () => this.relays.delete(listener);
  }

  private async persistThenRelay(batch: PendingUpdate[]): Promise<undefined[]> {
    try {
      const updates = batch.map((p) => p.update);
      await this.persistence.append(
        this.meetingId,
        updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates),
      );
      this.sinceCompaction += 1;
    } catch (err) {
      // The doc keeps the edits in memory; the next compaction writes them out.
      this.log.error({ err, meetingId: this.meetingId }, 'failed to persist doc updates');
    }
    for (const { update, origin } of batch) {
      for (const relay of this.relays) relay(update, origin);
    }
    if (this.sinceCompaction >= COMPACT_EVERY) await this.compactNow();
    return batch.map(() => undefined);
  }

  /** Resolves once every update received so far is stored. */
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

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Loads each meeting's doc once from the injected persistence and keeps it in memory. */
export class DocStore {
  private readonly docs = new Map<string, Promise<SharedDoc>>();

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
    return shared;
  }

  async flushAll(): Promise<void> {
    for (const entry of this.docs.values()) await (await entry).flushed();
  }

  async close(): Promise<void> {
    for (const entry of this.docs.values()) {
      const doc = await entry;
      await doc.flushed();
      doc.destroy();
    }
    this.docs.clear();
  }
}
