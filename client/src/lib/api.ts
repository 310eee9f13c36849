/**
 * Typed REST calls (README, "HTTP API"). Every function resolves to an `Ack`-shaped result and
 * never throws: a network failure becomes `{ ok: false, code: 'NETWORK' }`.
 */
import type {
  AccountSelf,
  AckOk,
  AdmitBody,
  PersonalLink,
  RosterEntryInput,
  UpdateParticipantBody,
  WaitingEntry,
  CreateMeetingBody,
  CreateUserBody,
  ErrorCode,
  FieldIssue,
  JoinBody,
  JoinAnswer,
  JoinUrls,
  TlsInfo,
  LoginBody,
  Meeting,
  MeetingAccess,
  MeetingSettingsBody,
  Participant,
  ParticipantSelf,
  PublicMeeting,
  RoomState,
  SetupBody,
  StaffAssignment,
  StaffCandidate,
  StaffMember,
  TicketStatus,
  SigningKeyInfo,
  User,
  Vote,
} from './protocol';

/** Codes the server can send plus the two only a client can observe. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'TIMEOUT';
export type ClientAckError = {
  ok: false;
  code: ClientErrorCode;
  message: string;
  /** VALIDATION: which field and why (issue 10). */
  issue?: FieldIssue;
};
/** `Ack<T>` from shared/protocol/errors.ts, widened with the client-side failures. */
export type Result<T> = AckOk<T> | ClientAckError;

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'MEETING_NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  426: 'PROTOCOL_MISMATCH',
};

function isAck(value: unknown): value is Result<unknown> {
  return (
    typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean'
  );
}

interface RequestOptions {
  body?: unknown;
  /** Participant token, sent as `Authorization: Bearer`. */
  token?: string | null;
  signal?: AbortSignal;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  { body, token, signal }: RequestOptions = {},
): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (err) {
    return {
      ok: false,
      code: 'NETWORK',
      message: err instanceof Error ? err.message : String(err),
    };
  }
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // not JSON: fall through to the status-based error below
  }
  if (isAck(payload)) return payload as Result<T>;
  return {
    ok: false,
    code: STATUS_CODES[response.status] ?? 'INTERNAL',
    message: `HTTP ${response.status}`,
  };
}

const m = (code: string): string => `/api/meetings/${encodeURIComponent(code)}`;

// First run and staff accounts
export const getSetup = () => request<{ needsSetup: boolean }>('GET', '/api/setup');
export const postSetup = (body: SetupBody) => request<AccountSelf>('POST', '/api/setup', { body });
export const login = (body: LoginBody) => request<AccountSelf>('POST', '/api/auth/login', { body });
export const logout = () => request<Record<string, never>>('POST', '/api/auth/logout');
export const getMe = () => request<AccountSelf>('GET', '/api/auth/me');
export const listUsers = () => request<User[]>('GET', '/api/users');
export const createUser = (body: CreateUserBody) => request<User>('POST', '/api/users', { body });

// Meetings
export const listMeetings = () => request<Meeting[]>('GET', '/api/meetings');
export const createMeeting = (body: CreateMeetingBody) =>
  request<Meeting>('POST', '/api/meetings', { body });
export const getMeeting = (code: string) => request<PublicMeeting>('GET', m(code));
/** What the logged-in account may do in this meeting, as the server computes it (issue 10). */
export const getAccess = (code: string) => request<MeetingAccess>('GET', `${m(code)}/access`);
export const getRoomState = (code: string) => request<RoomState>('GET', `${m(code)}/state`);
export const listVotes = (code: string) => request<Vote[]>('GET', `${m(code)}/votes`);
/** The address the QR carries (`<public URL>/m/<code>`), printed in full on the hall screen. */
export const getJoinUrl = (code: string) => request<JoinUrls>('GET', `${m(code)}/join-url`);
export const getTlsInfo = () => request<TlsInfo>('GET', '/api/tls');
/** The hall screen's second QR code: the trust page (HTTPS on the LAN). */
export const trustQrUrl = '/tls/qr.svg';
export const listParticipants = (code: string) =>
  request<Participant[]>('GET', `${m(code)}/participants`);

// Per-meeting staff and settings (issue 9)
export const getStaff = (code: string) => request<StaffMember[]>('GET', `${m(code)}/staff`);
export const getStaffCandidates = (code: string) =>
  request<StaffCandidate[]>('GET', `${m(code)}/staff/candidates`);
export const putStaff = (code: string, assignments: StaffAssignment[]) =>
  request<StaffMember[]>('PUT', `${m(code)}/staff`, { body: { assignments } });
export const putSettings = (code: string, body: MeetingSettingsBody) =>
  request<Meeting>('PUT', `${m(code)}/settings`, { body });

// Roster, door and personal links (issue 9)
export const addRosterEntries = (code: string, entries: RosterEntryInput[]) =>
  request<Participant[]>('POST', `${m(code)}/roster/entries`, { body: { entries } });
export const patchParticipant = (code: string, id: string, body: UpdateParticipantBody) =>
  request<Participant>('PATCH', `${m(code)}/participants/${encodeURIComponent(id)}`, { body });
export const removeParticipant = (code: string, id: string) =>
  request<Record<string, never>>('DELETE', `${m(code)}/participants/${encodeURIComponent(id)}`);
export const listWaiting = (code: string) => request<WaitingEntry[]>('GET', `${m(code)}/waiting`);
export const admitWaiting = (code: string, id: string, body: AdmitBody) =>
  request<Participant>('POST', `${m(code)}/waiting/${encodeURIComponent(id)}/admit`, { body });
export const refuseWaiting = (code: string, id: string) =>
  request<Record<string, never>>('POST', `${m(code)}/waiting/${encodeURIComponent(id)}/refuse`);
export type PrintableLink = PersonalLink & { qr: string };
export const listLinks = (code: string) => request<PrintableLink[]>('GET', `${m(code)}/links?qr=1`);
export const reissueLink = (code: string, id: string) =>
  request<PrintableLink>('POST', `${m(code)}/participants/${encodeURIComponent(id)}/link`);

// Participants
export const joinMeeting = (code: string, body: JoinBody) =>
  request<JoinAnswer>('POST', `${m(code)}/join`, { body });
export const ticketStatus = (code: string, ticket: string) =>
  request<TicketStatus>('GET', `${m(code)}/tickets/${encodeURIComponent(ticket)}`);
export const getParticipantMe = (code: string, token: string) =>
  request<ParticipantSelf>('GET', `${m(code)}/me`, { token });

// Static URLs served by the server
export const getRecordKey = () => request<SigningKeyInfo>('GET', '/api/record-key');
export const qrUrl = (code: string): string => `${m(code)}/qr.svg`;
export const recordUrl = (code: string, format: 'docx' | 'md' | 'json'): string =>
  `${m(code)}/record.${format}`;
