/** Limits enforced on the server and mirrored by client-side input attributes. */
export const LIMITS = {
  /** Largest REST body accepted (bytes). */
  restBodyBytes: 64 * 1024,
  /** Largest Socket.IO frame accepted (bytes). */
  socketFrameBytes: 64 * 1024,
  /**
   * Largest Yjs websocket message accepted (bytes): a larger one closes the connection with
   * 4413 (DOC_TOO_LARGE). Frames above twice this are cut by the websocket layer itself (1009).
   */
  collabMessageBytes: 1024 * 1024,
  /**
   * Largest meeting doc (agenda + minutes, Yjs-encoded bytes). An update that would push the
   * doc past it is refused with close code 4413; a village meeting's minutes are ~50 KB.
   */
  collabDocBytes: 4 * 1024 * 1024,
  /**
   * Largest awareness (cursor and name) message: it is relayed to every editor, so a large one
   * would multiply; a real cursor state is ~200 bytes. Larger closes with 4413.
   */
  collabAwarenessBytes: 64 * 1024,
  nameChars: 40,
  titleChars: 200,
  textChars: 2000,
  proposalChars: 4000,
  optionChars: 80,
  agendaItems: 200,
  agendaItemMaxMinutes: 600,
  hallCountMax: 100_000,
  /** A temperature check's short question (it defaults to the current agenda item). */
  pulseQuestionChars: 120,
  participantsPerMeeting: 5_000,
  /** People waiting at the door of one meeting; beyond it the oldest waiting is dropped. */
  waitingPerMeeting: 200,
  /** Decided tickets (admitted/refused) kept so the waiting phone learns the answer. */
  decidedTicketsPerMeeting: 1_000,
} as const;

/**
 * Flood budgets (defaults; each can be overridden by the matching RATE_* variable in
 * server/config.ts). Per address means per IPv4 address or per IPv6 /64: generous, because
 * remote members may share one carrier NAT (the courtyard's phones each have their own LAN IP).
 */
export const RATE_LIMITS = {
  /** Socket.IO events per socket: sustained rate (per second) and burst. */
  socketEventsPerSec: 10,
  socketEventsBurst: 30,
  /** Events of one socket being handled at once (a phone needs 1–2, the console's audio set-up ~6). */
  socketEventsInFlight: 8,
  /** Events refused with RATE_LIMITED (burst, refilled 1/s) before the socket is disconnected. */
  socketStrikes: 20,
  /** Yjs messages per collab connection: sustained rate (per second) and burst. */
  collabMessagesPerSec: 60,
  collabMessagesBurst: 300,
  /** Open connections per address, Socket.IO and collab counted separately. */
  connectionsPerAddress: 200,
  /** New connections (handshakes) per address per minute, Socket.IO and collab separately. */
  handshakesPerAddressPerMin: 300,
} as const;
