/**
 * The agenda inside a meeting's Y.Doc, the one copy for the server (REST appends, the room's
 * derived agenda, the record) and the console's editor: a Y.Array of Y.Map with the keys of
 * AGENDA_ITEM_KEYS. Each edit is one Yjs transaction. Depends only on yjs; staff-only in the
 * browser (vite.config.ts STAFF_ONLY), so no phone downloads yjs.
 */
import * as Y from 'yjs';
import { AGENDA_ITEM_KEYS as K, YDOC_KEYS } from './collab';
import { LIMITS } from './limits';
import type { AgendaItem } from './protocol/meetings';

type Entry = Y.Map<unknown>;

const arrayOf = (doc: Y.Doc): Y.Array<unknown> => doc.getArray<unknown>(YDOC_KEYS.agenda);

const text = (value: unknown, max: number): string =>
  (value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '').slice(
    0,
    max,
  );

/** Whole minutes within 0…LIMITS.agendaItemMaxMinutes; anything else is 0. */
export const clampMinutes = (value: unknown): number => {
  const n = Number(value);
  return Number.isFinite(n) ? Math.min(Math.max(0, Math.round(n)), LIMITS.agendaItemMaxMinutes) : 0;
};

/** One entry as an item, or null when it is not one (not a map, no id). */
function itemOf(entry: unknown): AgendaItem | null {
  if (!(entry instanceof Y.Map)) return null;
  const id: unknown = entry.get(K.id);
  if (typeof id !== 'string' || id.length === 0) return null;
  return {
    id: id.slice(0, 64),
    title: text(entry.get(K.title), LIMITS.titleChars),
    durationMin: clampMinutes(entry.get(K.durationMin)),
    notes: text(entry.get(K.notes), LIMITS.textChars),
  };
}

/**
 * Reads the agenda out of the doc. The doc is written by browsers, so every field is
 * coerced and clipped here rather than trusted.
 */
export function readAgenda(doc: Y.Doc): AgendaItem[] {
  const items: AgendaItem[] = [];
  for (const entry of arrayOf(doc).toArray()) {
    const item = itemOf(entry);
    if (item) items.push(item);
    if (items.length >= LIMITS.agendaItems) break;
  }
  return items;
}

/** Calls `onChange` with the agenda after every change to it; returns the unsubscribe. */
export function watchAgenda(doc: Y.Doc, onChange: (items: AgendaItem[]) => void): () => void {
  const array = arrayOf(doc);
  const read = (): void => onChange(readAgenda(doc));
  array.observeDeep(read);
  return () => array.unobserveDeep(read);
}

function toMap(item: AgendaItem): Entry {
  const map = new Y.Map<unknown>();
  map.set(K.id, item.id);
  map.set(K.title, item.title);
  map.set(K.durationMin, item.durationMin);
  map.set(K.notes, item.notes);
  return map;
}

const indexOf = (doc: Y.Doc, id: string): number =>
  arrayOf(doc)
    .toArray()
    .findIndex((entry) => entry instanceof Y.Map && entry.get(K.id) === id);

/** Appends items (ids chosen by the caller) in one transaction. */
export function appendItems(doc: Y.Doc, items: AgendaItem[], origin?: unknown): void {
  doc.transact(() => arrayOf(doc).push(items.map(toMap)), origin);
}

export function setField(
  doc: Y.Doc,
  id: string,
  key: 'title' | 'durationMin' | 'notes',
  value: string | number,
): void {
  const index = indexOf(doc, id);
  const entry = index < 0 ? null : arrayOf(doc).get(index);
  if (entry instanceof Y.Map) entry.set(K[key], value);
}

/** Move by delete + insert of a copy (a Y.Map cannot be re-inserted) in one transaction. */
export function moveItem(doc: Y.Doc, id: string, delta: -1 | 1): void {
  doc.transact(() => {
    const array = arrayOf(doc);
    const from = indexOf(doc, id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= array.length) return;
    const item = itemOf(array.get(from));
    if (!item) return;
    array.delete(from, 1);
    array.insert(to, [toMap(item)]);
  });
}

export function deleteItem(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const index = indexOf(doc, id);
    if (index >= 0) arrayOf(doc).delete(index, 1);
  });
}
