/**
 * Reading and writing the agenda inside the meeting's Y.Doc: a Y.Array of Y.Map with the keys
 * of AGENDA_ITEM_KEYS (shared/collab.ts). Each edit is one Yjs transaction.
 */
import * as Y from 'yjs';
import { randomId } from '../../lib/ids';
import { AGENDA_ITEM_KEYS as K, LIMITS, YDOC_KEYS, type AgendaItem } from '../../lib/protocol';

export type AgendaArray = Y.Array<Y.Map<unknown>>;

export const agendaOf = (doc: Y.Doc): AgendaArray => doc.getArray<Y.Map<unknown>>(YDOC_KEYS.agenda);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const minutes = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0;

export function readAgenda(agenda: AgendaArray): AgendaItem[] {
  return agenda.toArray().map((map) => ({
    id: str(map.get(K.id)),
    title: str(map.get(K.title)),
    durationMin: minutes(map.get(K.durationMin)),
    notes: str(map.get(K.notes)),
  }));
}

function toMap(item: AgendaItem): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set(K.id, item.id);
  map.set(K.title, item.title);
  map.set(K.durationMin, item.durationMin);
  map.set(K.notes, item.notes);
  return map;
}

const indexOf = (agenda: AgendaArray, id: string): number =>
  agenda.toArray().findIndex((map) => map.get(K.id) === id);

export function addItem(agenda: AgendaArray, title: string, durationMin: number): string {
  const id = randomId();
  agenda.doc?.transact(() => {
    agenda.push([toMap({ id, title, durationMin: clampMinutes(durationMin), notes: '' })]);
  });
  return id;
}

export const clampMinutes = (n: number): number =>
  Math.min(LIMITS.agendaItemMaxMinutes, Math.max(0, Math.round(Number.isFinite(n) ? n : 0)));

export function setField(
  agenda: AgendaArray,
  id: string,
  key: 'title' | 'durationMin' | 'notes',
  value: string | number,
): void {
  const index = indexOf(agenda, id);
  if (index < 0) return;
  agenda.get(index).set(K[key], value);
}

/** Move by delete + insert of a copy (a Y.Map cannot be re-inserted) in one transaction. */
export function moveItem(agenda: AgendaArray, id: string, delta: -1 | 1): void {
  agenda.doc?.transact(() => {
    const from = indexOf(agenda, id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= agenda.length) return;
    const item = readAgenda(agenda)[from];
    if (!item) return;
    agenda.delete(from, 1);
    agenda.insert(to, [toMap(item)]);
  });
}

export function deleteItem(agenda: AgendaArray, id: string): void {
  agenda.doc?.transact(() => {
    const index = indexOf(agenda, id);
    if (index >= 0) agenda.delete(index, 1);
  });
}
