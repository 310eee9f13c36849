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

/**
 * Close codes of the collab websocket the client reacts to. 44xx are final (y-websocket stops
 * reconnecting); 1009 is the websocket layer's own "message too big"; 1013 means "try again
 * later" (a flood budget ran out) and y-websocket reconnects with backoff; 1012 "service
 * restart" is the server's goodbye on a graceful stop, also retried.
 */
export const COLLAB_CLOSE = {
  docTooLarge: 4413,
  frameTooLarge: 1009,
  rateLimited: 1013,
  /** The server is stopping to restart (SIGTERM, an update): come back, it will be there. */
  restarting: 1012,
} as const;

/** A close the client must not retry: a refusal (44xx) or a message too big to ever pass. */
export const isFinalCollabClose = (code: number): boolean =>
  (code >= 4400 && code < 4500) || code === COLLAB_CLOSE.frameTooLarge;
