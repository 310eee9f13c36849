/** The typed Socket.IO connection to one meeting room (shared/protocol/events.ts). */
import { io, type Socket } from 'socket.io-client';
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

export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ClientEvent = keyof ClientToServerEvents;
export type EventPayload<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];

export function connectMeeting(
  meetingCode: string,
  as: HandshakeAuth['as'],
  token?: string,
): MeetingSocket {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION, meetingCode, as };
  if (token) auth.token = token;
  // Default transports (long-polling first, then upgrade): survives proxies and weak hotspots.
  return io({ path: '/socket.io', auth, reconnectionDelayMax: 5000 });
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

type AnyAckEmit = (
  event: string,
  payload: unknown,
  callback: (err: Error | null, ack: unknown) => void,
) => void;

/**
 * Emit a command and wait for the server's ack. Resolves (never rejects) with the ack, or
 * with `TIMEOUT` when no answer came in time. While disconnected, Socket.IO buffers the emit
 * and sends it on reconnect; the timeout still applies.
 */
export function emitAck<E extends ClientEvent>(
  socket: MeetingSocket,
  event: E,
  payload: EventPayload<E>,
  timeoutMs = 10_000,
): Promise<Result<ClientEventResults[E]>> {
  return new Promise((resolve) => {
    // socket.io-client's typings cannot express a generic event name with an ack; the event
    // map above keeps callers honest, so the call itself goes through a plain signature.
    const timed = socket.timeout(timeoutMs) as unknown as { emit: AnyAckEmit };
    timed.emit(event, payload, (err, ack) => {
      if (err) {
        const timeout: ClientAckError = { ok: false, code: 'TIMEOUT', message: err.message };
        resolve(timeout);
      } else {
        resolve(ack as Result<ClientEventResults[E]>);
      }
    });
  });
}
