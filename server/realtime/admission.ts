import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { ERROR_CODES } from '../../shared/protocol';
import { AddressGate, clientAddress, TokenBucket, type AddressBudget } from '../util/rate-limit';

/** An admitted handshake that never became a connection (bad transport, aborted) frees its slot. */
const UNCLAIMED_MS = 10_000;

/**
 * Per-address caps for Socket.IO, at the engine.io handshake: at most `connections` open
 * engine connections (authenticated or not) and `handshakesPerMin` new ones per address.
 * Returns the `allowRequest` option and a hook that ties each slot to its connection's life.
 * The hook also gives each connection a packet budget below the event dispatcher: packets that
 * never become events (namespace connects, stray acks, pings) cannot be flooded either.
 */
export function socketAdmission(
  budget: AddressBudget,
  packets: { perSecond: number; burst: number },
): {
  allowRequest: (
    req: IncomingMessage,
    callback: (err: string | null | undefined, success: boolean) => void,
  ) => void;
  attach(io: Server): void;
} {
  const gate = new AddressGate(budget);
  const pending = new WeakMap<IncomingMessage, () => void>();
  return {
    allowRequest(req, callback) {
      void gate.admit(clientAddress(req)).then((release) => {
        if (!release) return callback(ERROR_CODES.RATE_LIMITED, false);
        pending.set(req, release);
        setTimeout(() => {
          if (pending.get(req) === release) release();
        }, UNCLAIMED_MS).unref();
        callback(null, true);
      });
    },
    attach(io) {
      io.engine.on('connection', (conn: EngineConnection) => {
        const bucket = new TokenBucket(packets.perSecond, packets.burst);
        conn.on('packet', () => {
          if (!bucket.take()) conn.close();
        });
        const release = pending.get(conn.request);
        if (!release) return;
        pending.delete(conn.request);
        conn.once('close', release);
      });
    },
  };
}

interface EngineConnection {
  request: IncomingMessage;
  on(event: 'packet', listener: () => void): void;
  once(event: 'close', listener: () => void): void;
  close(): void;
}
