/** Limits enforced on the server and mirrored by client-side input attributes. */
export const LIMITS = {
  /** Largest REST body accepted (bytes). */
  restBodyBytes: 64 * 1024,
  /** Largest Socket.IO frame accepted (bytes). */
  socketFrameBytes: 64 * 1024,
  /** Largest Yjs websocket message accepted (bytes). */
  collabMessageBytes: 2 * 1024 * 1024,
  nameChars: 40,
  titleChars: 200,
  textChars: 2000,
  proposalChars: 4000,
  optionChars: 80,
  agendaItems: 200,
  agendaItemMaxMinutes: 600,
  hallCountMax: 100_000,
  participantsPerMeeting: 5_000,
  /** People waiting at the door of one meeting; beyond it the oldest waiting is dropped. */
  waitingPerMeeting: 200,
  /** Decided tickets (admitted/refused) kept so the waiting phone learns the answer. */
  decidedTicketsPerMeeting: 1_000,
} as const;
