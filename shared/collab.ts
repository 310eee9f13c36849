/**
 * Names inside a meeting's Y.Doc. The doc holds only co-edited text: the agenda items and
 * the minutes. Tallies, roles and permissions never go in it.
 */
export const YDOC_KEYS = {
  /** Y.Array<Y.Map> with keys of AGENDA_ITEM_KEYS. */
  agenda: 'agenda',
  /** Y.XmlFragment bound to the ProseMirror minutes editor. */
  minutes: 'minutes',
} as const;

export const AGENDA_ITEM_KEYS = {
  id: 'id',
  title: 'title',
  durationMin: 'durationMin',
  notes: 'notes',
} as const;

/** Collab websocket path: `/collab/<meetingCode>`; y-websocket appends the room name. */
export const COLLAB_PATH = '/collab';
