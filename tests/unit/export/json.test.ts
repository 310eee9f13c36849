import { describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../../../shared/protocol';
import { renderJson } from '../../../server/export';
import { makeRecord } from './fixture';

/** Same record with every object's keys in reverse order. */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  ) as T;
}

describe('renderJson', () => {
  it('round-trips', () => {
    const record = makeRecord();
    const parsed = JSON.parse(renderJson(record)) as MeetingRecord;
    expect(parsed).toEqual(record);
  });

  it('is pretty, newline-terminated and keeps the key order of the type', () => {
    const json = renderJson(makeRecord());
    expect(json.endsWith('}\n')).toBe(true);
    expect(
      json.startsWith('{\n  "format": "yuanba-record",\n  "version": 1,\n  "meeting": {'),
    ).toBe(true);
    expect(json).toContain('"room": {\n');
    expect(renderJson(reversed(makeRecord()))).toBe(json);
  });

  it('drops fields outside the type', () => {
    const record = makeRecord();
    const extra = {
      ...record,
      secretToken: 'x',
      meeting: { ...record.meeting, facilitatorId: 'u1' },
    };
    expect(renderJson(extra)).toBe(renderJson(record));
  });
});
