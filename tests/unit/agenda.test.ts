import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendAgenda, readAgenda } from '../../server/collab/agenda';
import { YDOC_KEYS } from '../../shared/collab';

describe('agenda in the Y.Doc', () => {
  it('reads back what the server appended, in order', () => {
    const doc = new Y.Doc();
    const added = appendAgenda(doc, [
      { title: '电梯选址', durationMin: 15, notes: '' },
      { title: '费用分摊', durationMin: 20, notes: '按楼层' },
    ]);
    expect(readAgenda(doc)).toEqual(added);
    expect(readAgenda(doc).map((i) => i.title)).toEqual(['电梯选址', '费用分摊']);
  });

  it('coerces what browsers wrote: bad durations, Y.Text titles, missing ids, huge titles', () => {
    const doc = new Y.Doc();
    const array = doc.getArray<unknown>(YDOC_KEYS.agenda);
    const withText = new Y.Map<unknown>();
    withText.set('id', 'a1');
    const title = new Y.Text();
    withText.set('title', title);
    withText.set('durationMin', 'abc');
    const noId = new Y.Map<unknown>();
    noId.set('title', 'orphan');
    const huge = new Y.Map<unknown>();
    huge.set('id', 'a2');
    huge.set('title', 'x'.repeat(10_000));
    huge.set('durationMin', 1e9);
    array.push([withText, noId, 'not a map', huge]);
    title.insert(0, '停车');
    const items = readAgenda(doc);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ id: 'a1', title: '停车', durationMin: 0 });
    expect(items[1]!.title.length).toBe(200);
    expect(items[1]!.durationMin).toBe(600);
  });
});
