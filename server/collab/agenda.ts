import type * as Y from 'yjs';
import { appendItems, readAgenda, watchAgenda } from '../../shared/agenda-doc';
import type { AgendaItem } from '../../shared/protocol';
import { newId } from '../ids';
import type { DocStore, SharedDoc } from './docs';

export { readAgenda };

export interface AgendaSource {
  agendaOf(meetingId: string): Promise<AgendaItem[]>;
}

/** Appends items as the server (used by the REST API); the doc stays the one writer. */
export function appendAgenda(
  doc: Y.Doc,
  items: { title: string; durationMin: number; notes: string }[],
): AgendaItem[] {
  const added = items.map((item) => ({ id: newId(), ...item }));
  appendItems(doc, added, 'server');
  return added;
}

/**
 * Appends items to a meeting's agenda (its doc) and resolves once they are stored; the room's
 * derived copy (deriveRoomAgenda) follows from the doc's own update.
 */
export async function appendStored(
  docs: Pick<DocStore, 'get'>,
  meetingId: string,
  items: { title: string; durationMin: number; notes: string }[],
): Promise<AgendaItem[]> {
  const shared = await docs.get(meetingId);
  const added = appendAgenda(shared.doc, items);
  await shared.flushed();
  return added;
}

/** The agenda as the meeting's doc holds it, for a room being loaded. */
export const agendaSource = (docs: {
  get(meetingId: string): Promise<{ doc: Y.Doc }>;
}): AgendaSource => ({
  agendaOf: async (meetingId) => readAgenda((await docs.get(meetingId)).doc),
});

/** What keeps a derived copy of the agenda: the meeting's room, when loaded. */
interface AgendaHolder {
  agenda: AgendaItem[];
}

/**
 * The agenda lives in the doc; the room keeps a derived copy for screens and phones. Returns
 * the DocStore's on-load hook: every change to a loaded doc's agenda refreshes the loaded
 * room's copy, then `changed` tells the room's followers.
 */
export function deriveRoomAgenda(
  roomOf: (meetingId: string) => Promise<AgendaHolder | null>,
  changed: (meetingId: string) => void,
): (shared: SharedDoc) => void {
  return (shared) => {
    watchAgenda(shared.doc, () => {
      void roomOf(shared.meetingId).then((room) => {
        if (!room) return;
        // Read when the room is there, so the last of several quick changes wins.
        room.agenda = readAgenda(shared.doc);
        changed(shared.meetingId);
      });
    });
  };
}
