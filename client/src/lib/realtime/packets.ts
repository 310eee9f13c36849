/**
 * The slice of the Engine.IO v4 / Socket.IO v5 wire format a browser needs to talk to our
 * Socket.IO server over one WebSocket: text frames only (we never send binary to clients), the
 * main namespace only, no long-polling. Pure: encode and decode strings.
 *
 * A frame is an Engine.IO packet: one digit of type, then data. Type 4 ("message") carries a
 * Socket.IO packet: one digit of type, an optional ack id, then JSON.
 * https://socket.io/docs/v4/engine-io-protocol/ and https://socket.io/docs/v4/socket-io-protocol/
 */

export type Incoming =
  /** The Engine.IO handshake: the server pings every `pingInterval` ms. */
  | { kind: 'open'; pingInterval: number; pingTimeout: number }
  | { kind: 'ping' }
  /** The server closes the Engine.IO session (it will not say more on this WebSocket). */
  | { kind: 'close' }
  /** Socket.IO CONNECT accepted. */
  | { kind: 'connected' }
  /** Socket.IO CONNECT refused by a middleware: `message` and the `data` it attached. */
  | { kind: 'refused'; message: string; data: unknown }
  /** The server disconnected this socket on purpose: do not reconnect. */
  | { kind: 'kicked' }
  | { kind: 'event'; name: string; args: unknown[] }
  | { kind: 'ack'; id: number; args: unknown[] }
  /** Anything we do not use (binary packets, other namespaces, noop): dropped. */
  | { kind: 'other' };

const OTHER: Incoming = { kind: 'other' };

export const PONG = '3';
export const DISCONNECT = '41';

export function encodeConnect(auth: object): string {
  return `40${JSON.stringify(auth)}`;
}

/** An event for the server; with `ackId`, the server answers with an ack of the same id. */
export function encodeEvent(name: string, payload: unknown, ackId?: number): string {
  return `42${ackId ?? ''}${JSON.stringify([name, payload])}`;
}

export function decode(frame: string): Incoming {
  try {
    switch (frame[0]) {
      case '0': {
        const open = JSON.parse(frame.slice(1)) as {
          pingInterval?: unknown;
          pingTimeout?: unknown;
        };
        const interval = Number(open.pingInterval);
        const timeout = Number(open.pingTimeout);
        if (!(interval > 0 && timeout > 0)) return OTHER;
        return { kind: 'open', pingInterval: interval, pingTimeout: timeout };
      }
      case '1':
        return { kind: 'close' };
      case '2':
        return { kind: 'ping' };
      case '4':
        return decodeSocketPacket(frame.slice(1));
      default:
        return OTHER;
    }
  } catch {
    // A frame that is not valid JSON is not worth a crash: treat it as noise.
    return OTHER;
  }
}

function decodeSocketPacket(packet: string): Incoming {
  const type = packet[0];
  // Packets for another namespace start with "/name,"; we only use "/".
  if (packet[1] === '/') return OTHER;
  let i = 1;
  while (i < packet.length && packet.charCodeAt(i) >= 48 && packet.charCodeAt(i) <= 57) i += 1;
  const id = i > 1 ? Number(packet.slice(1, i)) : undefined;
  const body = packet.slice(i);
  switch (type) {
    case '0':
      return { kind: 'connected' };
    case '1':
      return { kind: 'kicked' };
    case '2': {
      const args: unknown = JSON.parse(body);
      if (!Array.isArray(args) || typeof args[0] !== 'string') return OTHER;
      return { kind: 'event', name: args[0], args: args.slice(1) };
    }
    case '3': {
      const args: unknown = JSON.parse(body);
      if (id === undefined || !Array.isArray(args)) return OTHER;
      return { kind: 'ack', id, args };
    }
    case '4': {
      const error = (body ? JSON.parse(body) : {}) as { message?: unknown; data?: unknown };
      const message = typeof error.message === 'string' ? error.message : 'refused';
      return { kind: 'refused', message, data: error.data };
    }
    default:
      return OTHER;
  }
}
