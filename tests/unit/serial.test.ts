import { describe, expect, it } from 'vitest';
import { Batcher, Serial } from '../../server/util/serial';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('Serial', () => {
  it('runs sections one at a time in call order, even when one fails', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const a = serial.run(async () => {
      log.push('a1');
      await tick();
      log.push('a2');
    });
    const b = serial.run(async () => {
      log.push('b');
      throw new Error('boom');
    });
    const c = serial.run(async () => log.push('c'));
    await a;
    await expect(b).rejects.toThrow('boom');
    await c;
    expect(log).toEqual(['a1', 'a2', 'b', 'c']);
  });
});

describe('Batcher', () => {
  it('writes items that arrive while waiting in one batch, with per-item results', async () => {
    const serial = new Serial();
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(serial, async (items) => {
      batches.push(items);
      await tick();
      return items.map((n) => (n < 0 ? new Error(`negative ${n}`) : n * 2));
    });
    const blocker = serial.run(tick);
    const results = [1, 2, -3, 4].map((n) => batcher.submit(n));
    await blocker;
    expect(await results[0]).toBe(2);
    expect(await results[1]).toBe(4);
    await expect(results[2]).rejects.toThrow('negative -3');
    expect(await results[3]).toBe(8);
    expect(batches).toEqual([[1, 2, -3, 4]]);
    expect(await batcher.submit(5)).toBe(10);
    expect(batches).toHaveLength(2);
  });
});
