/** The typed connection to one meeting room (shared/protocol/events.ts). */
import type { ClientAckError, Result } from './api';
import {
  ERROR_CODES,
  PROTOCOL_VERSION,
  type ClientEventResults,
  type ClientToServerEvents,
  type ErrorCode,
  type HandshakeAuth,
  type ServerToClientEvents,
} from './protocol';
import { LiteSocket } from './realtime/lite-socket';

export type MeetingSocket = LiteSocket<ServerToClientEvents>;
export type ClientEvent = keyof ClientToServerEvents;
export type EventPayload<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];

export function connectMeeting(
  meetingCode: string,
  as: HandshakeAuth['as'],
  token?: string,
): MeetingSocket {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION, meetingCode, as };
  if (token) auth.token = token;
  const url = new URL('/socket.io/?EIO=4&transport=websocket', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new LiteSocket<ServerToClientEvents>({ url: url.href, auth });
}

const KNOWN_CODES = new Set<string>(Object.values(ERROR_CODES));
export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && KNOWN_CODES.has(value);

/**
 * The error code behind a refused handshake. The server passes it as `err.data.code`
 * (or as the message itself); anything else is a transport failure.
 */
export function handshakeErrorCode(err: Error): ErrorCode | null {
  const data: unknown = 'data' in err ? err.data : undefined;
  if (typeof data === 'object' && data !== null && 'code' in data && isErrorCode(data.code)) {
    return data.code;
  }
  return isErrorCode(err.message) ? err.message : null;
}

/**
 * Emit a command and wait for the server's ack. Resolves (never rejects) with the ack, or
 * with `TIMEOUT` when no answer came in time. While disconnected the command waits for the
 * reconnect, within the same timeout.
 */
export async function emitAck<E extends ClientEvent>(
  socket: MeetingSocket,
  event: E,
  payload: EventPayload<E>,
  timeoutMs = 10_000,
): Promise<Result<ClientEventResults[E]>> {
  try {
    return (await socket.request(event, payload, timeoutMs)) as Result<ClientEventResults[E]>;
  } catch (err) {
    const timeout: ClientAckError = { ok: false, code: 'TIMEOUT', message: String(err) };
    return timeout;
  }
}
