import * as Y from 'yjs';
import { AGENDA_ITEM_KEYS, YDOC_KEYS } from '../../shared/collab';
import { LIMITS, type AgendaItem } from '../../shared/protocol';
import { newId } from '../ids';

export interface AgendaSource {
  agendaOf(meetingId: string): Promise<AgendaItem[]>;
}

const text = (value: unknown, max: number): string =>
  (value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '').slice(
    0,
    max,
  );

/**
 * Reads the agenda out of the doc. The doc is written by browsers, so every field is
 * coerced and clipped here rather than trusted.
 */
export function readAgenda(doc: Y.Doc): AgendaItem[] {
  const items: AgendaItem[] = [];
  for (const entry of doc.getArray<unknown>(YDOC_KEYS.agenda).toArray()) {
    if (!(entry instanceof Y.Map)) continue;
    const id = entry.get(AGENDA_ITEM_KEYS.id);
    if (typeof id !== 'string' || id.length === 0) continue;
    const minutes = Number(entry.get(AGENDA_ITEM_KEYS.durationMin));
    items.push({
      id: id.slice(0, 64),
      title: text(entry.get(AGENDA_ITEM_KEYS.title), LIMITS.titleChars),
      durationMin: Number.isFinite(minutes)
        ? Math.min(Math.max(0, Math.round(minutes)), LIMITS.agendaItemMaxMinutes)
        : 0,
      notes: text(entry.get(AGENDA_ITEM_KEYS.notes), LIMITS.textChars),
    });
    if (items.length >= LIMITS.agendaItems) break;
  }
  return items;
}

/** Appends items as the server (used by the REST API); the doc stays the one writer. */
export function appendAgenda(
  doc: Y.Doc,
  items: { title: string; durationMin: number; notes: string }[],
): AgendaItem[] {
  const added = items.map((item) => ({ id: newId(), ...item }));
  doc.transact(() => {
    doc.getArray(YDOC_KEYS.agenda).push(
      added.map((item) => {
        const map = new Y.Map<unknown>();
        map.set(AGENDA_ITEM_KEYS.id, item.id);
        map.set(AGENDA_ITEM_KEYS.title, item.title);
        map.set(AGENDA_ITEM_KEYS.durationMin, item.durationMin);
        map.set(AGENDA_ITEM_KEYS.notes, item.notes);
        return map;
      }),
    );
  }, 'server');
  return added;
}
