/** Every refusal the server can give, by name. Clients switch on `code`, never on `message`. */
export const ERROR_CODES = {
  /** The payload failed its zod schema; `message` names the field. */
  VALIDATION: 'VALIDATION',
  /** The body or socket frame is larger than the limits in `shared/limits.ts`. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** No valid session cookie or participant token. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Authenticated, but the role does not allow this action. */
  FORBIDDEN: 'FORBIDDEN',
  /** Username or password wrong. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** The participant token is forged, expired or belongs to another meeting. */
  INVALID_TOKEN: 'INVALID_TOKEN',
  /** First-run setup was already done. */
  SETUP_DONE: 'SETUP_DONE',
  /** A username is taken. */
  CONFLICT: 'CONFLICT',
  MEETING_NOT_FOUND: 'MEETING_NOT_FOUND',
  /** The meeting is closed: its record is frozen. */
  MEETING_CLOSED: 'MEETING_CLOSED',
  /** The action needs a meeting in another phase (e.g. voting before it started). */
  WRONG_PHASE: 'WRONG_PHASE',
  PARTICIPANT_NOT_FOUND: 'PARTICIPANT_NOT_FOUND',
  AGENDA_ITEM_NOT_FOUND: 'AGENDA_ITEM_NOT_FOUND',
  VOTE_NOT_FOUND: 'VOTE_NOT_FOUND',
  /** Another vote is already open in this meeting. */
  VOTE_ALREADY_OPEN: 'VOTE_ALREADY_OPEN',
  /** The vote is closed; ballots and hall counts are refused (a ballot id stored before close
   * is acknowledged as a replay instead). */
  VOTE_CLOSED: 'VOTE_CLOSED',
  /** The participant's role may not vote (observers, recorders). */
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  /** Client and server speak different protocol versions: reload the page. */
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  /** No mediasoup worker is running: the meeting goes on without audio. */
  AUDIO_UNAVAILABLE: 'AUDIO_UNAVAILABLE',
  /** The microphone stays closed: muted by the facilitator, or waiting for the floor. */
  FLOOR_REQUIRED: 'FLOOR_REQUIRED',
  /** A secret ballot was already cast from another device (without its secret token). */
  ALREADY_VOTED: 'ALREADY_VOTED',
  /** The hall count claims more hands than people present in the room without a phone vote. */
  HALL_CAP_EXCEEDED: 'HALL_CAP_EXCEEDED',
  /** A hall count must be confirmed by someone other than the teller who entered it. */
  SAME_TELLER: 'SAME_TELLER',
  /** No such pending hall entry (already confirmed, superseded or never entered). */
  HALL_ENTRY_NOT_FOUND: 'HALL_ENTRY_NOT_FOUND',
  /** The ballot does not fit the vote: options instead of 同意/反对/弃权 (or the reverse),
   * an option that doesn't exist, or more options than the vote's maxChoices. */
  INVALID_BALLOT: 'INVALID_BALLOT',
  /** A proxy holder may not overwrite a ballot the member cast themselves: their own prevails. */
  OWN_VOTE_PREVAILS: 'OWN_VOTE_PREVAILS',
  PROXY_ALREADY_VOTED: 'PROXY_ALREADY_VOTED',
  /** While a vote is open, roster entries can't be removed or put on leave (应到 would move
   * under the vote); an entry a phone is bound to can't be removed at all. */
  ROSTER_LOCKED: 'ROSTER_LOCKED',
  /** The personal join link is unknown or was revoked: ask staff for a new one. */
  LINK_INVALID: 'LINK_INVALID',
  /** The waiting ticket is unknown: refused by staff, dropped from a full waiting list, or expired. */
  TICKET_INVALID: 'TICKET_INVALID',
  /** The meeting (roster, waiting list) holds as many people as it may. */
  MEETING_FULL: 'MEETING_FULL',
  /** The record of this meeting is not readable by the asker (the facilitator's choice). */
  RECORD_RESTRICTED: 'RECORD_RESTRICTED',
  /** Too many requests, events or connections from one socket, address or username: slow
   * down, then retry (REST sends Retry-After; the message says it too). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The collab message or the meeting doc would exceed `collabMessageBytes`/`collabDocBytes`. */
  DOC_TOO_LARGE: 'DOC_TOO_LARGE',
  /** No temperature check is open (never opened, closed, or already kept/discarded). */
  PULSE_NOT_OPEN: 'PULSE_NOT_OPEN',
  /** A temperature check is already open: close it first. */
  PULSE_ALREADY_OPEN: 'PULSE_ALREADY_OPEN',
  /** The answer (or a hall count's card) is not on this temperature check's scale. */
  PULSE_INVALID_ANSWER: 'PULSE_INVALID_ANSWER',
  /** Only people who joined the meeting answer a temperature check (not staff, not screens). */
  PULSE_NOT_ALLOWED: 'PULSE_NOT_ALLOWED',
  /** The temperature check referred to is no longer the current one (replaced or discarded). */
  PULSE_NOT_FOUND: 'PULSE_NOT_FOUND',
  /** 下一项: the current item is the agenda's last (or the agenda is empty). */
  NO_NEXT_ITEM: 'NO_NEXT_ITEM',
  /** Closing the meeting while a vote is open: close the vote first, or send
   * `{ openVote: 'close' }` to have it closed and counted as it stands (issue 10). */
  VOTE_STILL_OPEN: 'VOTE_STILL_OPEN',
  /** An objection (反对) on the consensus ladder needs a reason. */
  REASON_REQUIRED: 'REASON_REQUIRED',
  /** The ladder decision is stronger than the positions on the current text allow. */
  DECISION_TOO_STRONG: 'DECISION_TOO_STRONG',
  /** The consensus ladder is already decided: no more positions, revisions or decisions. */
  LADDER_DECIDED: 'LADDER_DECIDED',
  /** Open admission: someone with this name is already checked in. The phone asks for a detail
   * (村组, house number) or to join anyway (`allowSameName`). Tells a holder of the code no more
   * than joining would (issue 10); a roster meeting's door gives no such hint, staff see it. */
  SAME_NAME: 'SAME_NAME',
  /** 下一位发言 with nobody in the speakers' queue. */
  QUEUE_EMPTY: 'QUEUE_EMPTY',
  /** No such entry in the speakers' queue (taken off, or already given the floor). */
  SPEAKER_NOT_FOUND: 'SPEAKER_NOT_FOUND',
  /** A staff assignment names an account that does not exist. */
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  /** A recorder account cannot be assigned as a meeting's facilitator. */
  RECORDER_CANNOT_FACILITATE: 'RECORDER_CANNOT_FACILITATE',
  /** A meeting keeps at least one facilitator. */
  FACILITATOR_REQUIRED: 'FACILITATOR_REQUIRED',
  /** The server cannot make read-aloud clips (espeak-ng or lame not installed): phones without
   * a Chinese voice cannot read aloud. */
  SPEECH_UNAVAILABLE: 'SPEECH_UNAVAILABLE',
  /** Too many read-aloud clips are waiting to be made: retry after Retry-After seconds. */
  SPEECH_BUSY: 'SPEECH_BUSY',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * What was wrong with the refused field of a VALIDATION error (issue 10: a specific message for
 * every refusal). `field` is the last name in the zod issue's path (e.g. `options`, `text`).
 */
export const FIELD_PROBLEMS = [
  'required',
  'tooLong',
  'tooShort',
  'tooMany',
  'tooFew',
  'outOfRange',
  'duplicate',
  'unknown',
  'invalid',
] as const;
export type FieldProblem = (typeof FIELD_PROBLEMS)[number];
/** The first refused field of a VALIDATION error, and its limit when it has one. */
export interface FieldIssue {
  field: string;
  problem: FieldProblem;
  limit?: number;
}

export type AckOk<T> = { ok: true; data: T };
export type AckError = { ok: false; code: ErrorCode; message: string; issue?: FieldIssue };
/** The answer to every command, over REST and over Socket.IO alike. */
export type Ack<T> = AckOk<T> | AckError;

/** HTTP status for each error code, so REST and sockets share one vocabulary. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  SETUP_DONE: 409,
  CONFLICT: 409,
  MEETING_NOT_FOUND: 404,
  MEETING_CLOSED: 409,
  WRONG_PHASE: 409,
  PARTICIPANT_NOT_FOUND: 404,
  AGENDA_ITEM_NOT_FOUND: 404,
  VOTE_NOT_FOUND: 404,
  VOTE_ALREADY_OPEN: 409,
  VOTE_CLOSED: 409,
  NOT_ELIGIBLE: 403,
  PROTOCOL_MISMATCH: 426,
  AUDIO_UNAVAILABLE: 503,
  FLOOR_REQUIRED: 403,
  ALREADY_VOTED: 409,
  HALL_CAP_EXCEEDED: 422,
  SAME_TELLER: 409,
  HALL_ENTRY_NOT_FOUND: 404,
  INVALID_BALLOT: 422,
  OWN_VOTE_PREVAILS: 409,
  PROXY_ALREADY_VOTED: 409,
  ROSTER_LOCKED: 409,
  LINK_INVALID: 401,
  TICKET_INVALID: 404,
  MEETING_FULL: 503,
  RECORD_RESTRICTED: 403,
  RATE_LIMITED: 429,
  DOC_TOO_LARGE: 413,
  PULSE_NOT_OPEN: 409,
  PULSE_ALREADY_OPEN: 409,
  PULSE_INVALID_ANSWER: 422,
  PULSE_NOT_ALLOWED: 403,
  PULSE_NOT_FOUND: 404,
  NO_NEXT_ITEM: 409,
  VOTE_STILL_OPEN: 409,
  REASON_REQUIRED: 422,
  DECISION_TOO_STRONG: 409,
  LADDER_DECIDED: 409,
  SAME_NAME: 409,
  QUEUE_EMPTY: 409,
  SPEAKER_NOT_FOUND: 404,
  ACCOUNT_NOT_FOUND: 404,
  RECORDER_CANNOT_FACILITATE: 422,
  FACILITATOR_REQUIRED: 422,
  SPEECH_UNAVAILABLE: 503,
  SPEECH_BUSY: 503,
  INTERNAL: 500,
};
