import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { COLLAB_CLOSE, COLLAB_PATH } from '../../shared/collab';
import {
  ERROR_CODES,
  hasPermission,
  LIMITS,
  MeetingCode,
  type AckError,
  type ErrorCode,
  type Principal,
} from '../../shared/protocol';
import { AppError, parseInput, toAckError } from '../errors';
import type { Principals } from '../auth/principals';
import type { RequestLimits } from '../http/limits';
import { sameOrigin } from '../http/origin';
import type { Logger } from '../logger';
import type { RoomRegistry } from '../meetings/rooms';
import { AddressGate, clientAddress, TokenBucket } from '../util/rate-limit';
import type { MeetingRoom } from '../meetings/room';
import { CollabConnection } from './collab-connection';
import type { DocStore, SharedDoc } from '../collab/docs';

/** Permission is re-read from the room on every message: roles can change mid-meeting. */
function writePermission(room: MeetingRoom, principal: Principal): () => boolean {
  return () => {
    if (room.meeting.phase === 'closed') return false;
    const current =
      principal.kind === 'participant'
        ? { ...principal, role: room.participants.get(principal.participantId)?.role ?? 'observer' }
        : principal;
    return hasPermission(current, 'editDocs', room.meeting);
  };
}

type Accepted =
  | { shared: SharedDoc; room: MeetingRoom; principal: Principal; recheck: () => boolean }
  | { refusal: AckError };

/** Websocket close codes for refusals, mirroring HTTP statuses in the 4xxx private range. */
const CLOSE_CODES: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 4400,
  UNAUTHENTICATED: 4401,
  INVALID_TOKEN: 4401,
  FORBIDDEN: 4403,
  MEETING_NOT_FOUND: 4404,
  /** The message or the doc would exceed LIMITS.collabMessageBytes / collabDocBytes. */
  DOC_TOO_LARGE: COLLAB_CLOSE.docTooLarge,
  /** Transient (not 44xx): y-websocket reconnects with backoff. */
  RATE_LIMITED: COLLAB_CLOSE.rateLimited,
};

export interface CollabBudgets {
  messagesPerSec: number;
  messagesBurst: number;
  connectionsPerAddress: number;
  handshakesPerAddressPerMin: number;
}

/** The Yjs websocket at /collab/<code>: authenticates the upgrade, then hands over. */
export class CollabServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    // The hard frame cap of the websocket layer (it closes with 1009); messages between
    // collabMessageBytes and this get the typed 4413 from CollabConnection.
    maxPayload: 2 * LIMITS.collabMessageBytes,
  });
  private readonly connections = new Set<CollabConnection>();
  /** Whether each connection's credentials still hold (issue 9: staff removed, link revoked). */
  private readonly rechecks = new Map<
    CollabConnection,
    { meetingId: string; recheck: () => boolean; ws: { close(code: number): void } }
  >();
  private readonly gate: AddressGate;

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly docs: DocStore,
    private readonly principals: Principals,
    private readonly log: Logger,
    private readonly budgets: CollabBudgets,
    private readonly http: { limits: RequestLimits; publicUrl: string | undefined },
  ) {
    this.gate = new AddressGate({
      connections: budgets.connectionsPerAddress,
      handshakesPerMin: budgets.handshakesPerAddressPerMin,
    });
    this.wss.on('error', (err) => this.log.warn({ err }, 'collab websocket server error'));
  }

  handles(url: string | undefined): boolean {
    return url !== undefined && url.startsWith(`${COLLAB_PATH}/`);
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Node hands an upgrading socket over without an 'error' listener: a client resetting the
    // connection while it is authenticated would otherwise end the process.
    socket.on('error', (err) => {
      this.log.debug({ err }, 'collab upgrade socket error');
      socket.destroy();
    });
    const release = await this.gate.admit(clientAddress(req));
    if (!release) {
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    socket.once('close', release);
    let accepted: Accepted;
    try {
      accepted = await this.authenticate(req);
    } catch (err) {
      this.log.debug({ err }, 'collab connection refused');
      accepted = { refusal: toAckError(err) };
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if ('refusal' in accepted) {
        // Frames may still arrive before the close handshake ends; a bad one emits 'error'.
        ws.on('error', () => ws.terminate());
        // A 44xx close code tells y-websocket not to retry: a refusal is final.
        ws.close(
          CLOSE_CODES[accepted.refusal.code] ?? 4400,
          accepted.refusal.message.slice(0, 120),
        );
        return;
      }
      const { shared, room, principal, recheck } = accepted;
      const connection = new CollabConnection(
        ws,
        shared,
        writePermission(room, principal),
        new TokenBucket(this.budgets.messagesPerSec, this.budgets.messagesBurst),
        this.log,
      );
      this.connections.add(connection);
      this.rechecks.set(connection, { meetingId: room.id, recheck, ws });
      const release = this.rooms.hold(room.id);
      ws.on('close', () => {
        release();
        this.connections.delete(connection);
        this.rechecks.delete(connection);
        void shared.compact();
      });
    });
  }

  private async authenticate(req: IncomingMessage): Promise<Accepted> {
    if (!sameOrigin(req, this.http.publicUrl)) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'Cross-origin connection refused');
    }
    const url = new URL(req.url ?? '', 'http://localhost');
    const room = await this.http.limits.lookup(clientAddress(req), () =>
      this.rooms.byCode(parseInput(MeetingCode, url.pathname.slice(COLLAB_PATH.length + 1))),
    );
    const token = url.searchParams.get('token') ?? undefined;
    const principal = await this.principals.any(room, req.headers.cookie, token);
    if (!hasPermission(principal, 'readDocs', room.meeting)) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'Not allowed to read this meeting');
    }
    const recheck = (): boolean => {
      try {
        const now =
          principal.kind === 'participant' ? this.principals.participant(room, token) : principal;
        return hasPermission(now, 'readDocs', room.meeting);
      } catch {
        return false;
      }
    };
    return { shared: await this.docs.get(room.id), room, principal, recheck };
  }

  /** Closes (4403, final) the meeting's connections whose account or link no longer holds. */
  revalidate(meetingId: string): void {
    for (const [connection, { meetingId: id, recheck, ws }] of this.rechecks) {
      if (id !== meetingId || recheck()) continue;
      ws.close(4403);
      connection.close();
    }
  }

  /** A graceful stop: every editor is told "service restart" (retryable), never a 44xx. */
  close(): void {
    for (const connection of this.connections) connection.close(COLLAB_CLOSE.restarting);
    this.wss.close();
  }
}
