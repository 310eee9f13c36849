import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendItems,
  clampMinutes,
  deleteItem,
  moveItem,
  readAgenda,
  setField,
  watchAgenda,
} from '../../shared/agenda-doc';
import { YDOC_KEYS } from '../../shared/collab';

const item = (id: string, title = id) => ({ id, title, durationMin: 5, notes: '' });
const ids = (doc: Y.Doc) => readAgenda(doc).map((i) => i.id);

/** The one agenda-doc module the server and the console's editor share (issue 12). */
describe('shared agenda doc', () => {
  it('edits: append, set a field, move, delete, each one transaction', () => {
    const doc = new Y.Doc();
    let transactions = 0;
    doc.on('update', () => (transactions += 1));
    appendItems(doc, [item('a'), item('b'), item('c')]);
    setField(doc, 'b', 'title', '村道');
    setField(doc, 'missing', 'title', 'ignored');
    moveItem(doc, 'c', -1);
    moveItem(doc, 'a', -1);
    expect(ids(doc)).toEqual(['a', 'c', 'b']);
    expect(readAgenda(doc)[2]!.title).toBe('村道');
    deleteItem(doc, 'c');
    expect(ids(doc)).toEqual(['a', 'b']);
    expect(transactions).toBe(4);
  });

  it('moves past an entry a browser wrote without an id', () => {
    const doc = new Y.Doc();
    appendItems(doc, [item('a')]);
    doc.getArray(YDOC_KEYS.agenda).push([new Y.Map<unknown>()]);
    appendItems(doc, [item('b')]);
    moveItem(doc, 'b', -1);
    moveItem(doc, 'a', 1);
    expect(ids(doc)).toEqual(['b', 'a']);
  });

  it('tells watchers of every change until unsubscribed', () => {
    const doc = new Y.Doc();
    const seen: string[][] = [];
    const stop = watchAgenda(doc, (items) => seen.push(items.map((i) => i.id)));
    appendItems(doc, [item('a')]);
    setField(doc, 'a', 'notes', '按楼层');
    stop();
    appendItems(doc, [item('b')]);
    expect(seen).toEqual([['a'], ['a']]);
  });

  it('clamps minutes', () => {
    expect([clampMinutes(-3), clampMinutes(7.6), clampMinutes(1e9), clampMinutes('x')]).toEqual([
      0, 8, 600, 0,
    ]);
  });
});
