import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SharedDoc } from '../../server/collab/docs';
import type { DocPersistence } from '../../server/collab/persistence';
import { createLogger } from '../../server/logger';

/** A persistence whose appends fail until `healthy` is set (a full disk, a broken mount). */
class FlakyPersistence implements DocPersistence {
  healthy = false;
  stored: Uint8Array[] = [];
  attempts = 0;
  load = async () => [];
  count = async () => this.stored.length;
  compact = async () => {};
  async append(_meetingId: string, update: Uint8Array): Promise<void> {
    this.attempts += 1;
    if (!this.healthy) throw new Error('disk I/O error');
    this.stored.push(update);
  }
}

describe('SharedDoc when storing fails', () => {
  it('retries, relays nothing before it is stored, and keeps the order', async () => {
    const persistence = new FlakyPersistence();
    const shared = new SharedDoc('m1', persistence, createLogger('silent'));
    // A peer that receives relayed updates, and what it showed after each.
    const peer = new Y.Doc();
    const relayed: string[] = [];
    shared.onPersistedUpdate((update) => {
      Y.applyUpdate(peer, update);
      relayed.push(peer.getText('t').toString());
    });
    shared.doc.getText('t').insert(0, 'a');
    await new Promise((r) => setTimeout(r, 5));
    shared.doc.getText('t').insert(1, 'b');
    // The barrier: storing was tried and failed three times (the second edit waits behind the
    // first), so an edit relayed before it was stored would be in `relayed` by now.
    const started = Date.now();
    while (persistence.attempts < 3) {
      if (Date.now() - started > 5_000) throw new Error('no retries');
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(relayed).toEqual([]);

    persistence.healthy = true;
    await shared.flushed();
    await new Promise((r) => setTimeout(r, 50));
    await shared.flushed();
    expect(relayed.at(-1)).toBe('ab');
    expect(relayed[0]).toBe('a');
    expect(persistence.stored.length).toBeGreaterThan(0);
    const replay = new Y.Doc();
    for (const u of persistence.stored) Y.applyUpdate(replay, u);
    expect(replay.getText('t').toString()).toBe('ab');
    shared.destroy();
  });
});
