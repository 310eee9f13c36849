import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import {
  ERROR_CODES,
  HandshakeAuth,
  hasPermission,
  meetingAccess,
  PROTOCOL_VERSION,
  selfView,
  type Principal,
  type WaitingEntry,
} from '../../shared/protocol';
import type { Principals } from '../auth/principals';
import type { RequestLimits } from '../http/limits';
import { clientAddress } from '../util/rate-limit';
import { sameOrigin } from '../http/origin';
import { AppError, parseInput, toAckError } from '../errors';
import type { Logger } from '../logger';
import type { MeetingBus } from '../meetings/bus';
import type { RoomRegistry } from '../meetings/rooms';
import type { MeetingRoom } from '../meetings/room';
import { channels, type IoServer, type IoSocket } from './context';
import { createDispatcher, type HandlerDefinition } from './define-handler';
import { Broadcaster } from './broadcaster';
import { socketAdmission } from './admission';

export interface SocketBudgets {
  eventsPerSec: number;
  eventsBurst: number;
  strikes: number;
  inFlight: number;
  connectionsPerAddress: number;
  handshakesPerAddressPerMin: number;
}

/** Frames above this are dropped by Socket.IO itself; smaller ones are checked per event. */
const MAX_FRAME_BYTES = 1024 * 1024;

export function createRealtime(
  httpServer: HttpServer,
  deps: {
    rooms: RoomRegistry;
    principals: Principals;
    bus: MeetingBus;
    limits: RequestLimits;
    publicUrl: string | undefined;
    handlers: HandlerDefinition[];
    log: Logger;
    budgets: SocketBudgets;
    /** The waiting list at the door as staff see it (server/meetings/admission.ts). */
    waitingList: (room: MeetingRoom) => WaitingEntry[];
    /** Benchmarks only: no room or participant broadcasts (the join-storm baseline). */
    silentRoom?: boolean;
  },
): { io: IoServer; close: () => Promise<void> } {
  const { rooms, principals, bus, limits, publicUrl, handlers, log, budgets, waitingList } = deps;
  const admission = socketAdmission(
    {
      connections: budgets.connectionsPerAddress,
      handshakesPerMin: budgets.handshakesPerAddressPerMin,
    },
    // Generous next to the event budget, which refuses first; this one only closes.
    { perSecond: budgets.eventsPerSec * 4, burst: budgets.eventsBurst * 4 },
  );
  const io: IoServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    serveClient: false,
    // A page of another origin (even on this host) never gets a socket, staff or not; the
    // origin is checked before the request takes one of its address's connection slots.
    allowRequest: (req, callback) => {
      if (!sameOrigin(req, publicUrl)) return callback(null, false);
      admission.allowRequest(req, callback);
    },
    // No connectionStateRecovery: a reconnecting client gets a fresh snapshot on connect and
    // deltas from there, so buffering missed packets (kept per session for minutes) would only
    // cost memory per connection.
  });

  admission.attach(io);

  io.use(async (socket, next) => {
    try {
      const auth = parseInput(HandshakeAuth, socket.handshake.auth);
      if (auth.protocolVersion !== PROTOCOL_VERSION) {
        throw new AppError(
          ERROR_CODES.PROTOCOL_MISMATCH,
          `Server speaks protocol ${PROTOCOL_VERSION}`,
        );
      }
      const room = await limits.lookup(clientAddress(socket.request), () =>
        rooms.byCode(auth.meetingCode),
      );
      let principal: Principal;
      if (auth.as === 'participant') principal = principals.participant(room, auth.token);
      else if (auth.as === 'screen') principal = { kind: 'screen', meetingId: room.id };
      else {
        const staff = await principals.staff(socket.handshake.headers.cookie);
        if (!staff) throw new AppError(ERROR_CODES.UNAUTHENTICATED, 'Log in first');
        // Staff act only on meetings they are assigned to (issue 9), on every door.
        if (!hasPermission(staff, 'readDocs', room.meeting)) {
          throw new AppError(ERROR_CODES.FORBIDDEN, 'Not on the staff of this meeting');
        }
        principal = staff;
      }
      socket.data = { principal, room };
      next();
    } catch (err) {
      const { code, message } = toAckError(err);
      // The client reads `err.data.code` to tell a bad token from a closed meeting.
      next(Object.assign(new Error(message), { data: { code, message } }));
    }
  });

  const broadcaster = new Broadcaster(io, rooms, bus, waitingList, deps.silentRoom);
  const dispatcher = createDispatcher(handlers, log, {
    perSecond: budgets.eventsPerSec,
    burst: budgets.eventsBurst,
    strikes: budgets.strikes,
    inFlight: budgets.inFlight,
  });
  io.on('connection', (socket: IoSocket) => {
    const { principal, room } = socket.data;
    socket.once('disconnect', rooms.hold(room.id));
    void socket.join(channels.meeting(room.id));
    if (principal.kind !== 'participant') void socket.join(channels.watchers(room.id));
    const staff = principal.kind === 'user' && hasPermission(principal, 'readDocs', room.meeting);
    if (staff) {
      void socket.join(channels.staff(room.id));
      socket.emit('participants:list', broadcaster.deltas.participantsSnapshot(room));
      socket.emit('waiting:list', waitingList(room));
      if (principal.kind === 'user') {
        socket.emit('access:update', meetingAccess(principal, room.meeting));
      }
    }
    if (principal.kind === 'participant') {
      void socket.join(channels.participant(principal.participantId));
      const participant = room.participants.get(principal.participantId);
      if (participant) socket.emit('self:update', selfView({ ...participant, online: true }));
      const flipped = (online: boolean) => {
        bus.emit('participantsChanged', room.id);
        bus.emit('presenceChanged', room.id, principal.participantId, online);
      };
      if (room.connect(principal.participantId)) flipped(true);
      socket.on('disconnect', () => {
        if (room.disconnect(principal.participantId)) flipped(false);
      });
    }
    const viewer = staff ? 'staff' : principal.kind === 'participant' ? 'phone' : 'screen';
    socket.emit('room:state', broadcaster.deltas.snapshot(room, viewer));
    // Socket.IO has taken the socket out of its channels before 'disconnect'.
    socket.on('disconnect', () => broadcaster.deltas.release(room.id));
    dispatcher.attach(socket);
  });

  // An account taken off the staff loses its consoles at once (they reconnect and are refused).
  const offStaff = bus.on('staffChanged', (meetingId) => {
    void rooms.loaded(meetingId).then(async (room) => {
      if (!room) return;
      for (const socket of await io.in(channels.meeting(meetingId)).fetchSockets()) {
        const { principal } = socket.data;
        if (principal.kind !== 'user') continue;
        if (!hasPermission(principal, 'readDocs', room.meeting)) socket.disconnect(true);
        else socket.emit('access:update', meetingAccess(principal, room.meeting));
      }
    });
  });
  // A reissued personal link ends the old phone's sessions (its token no longer verifies).
  const offRevoked = bus.on('participantRevoked', (_meetingId, participantId) => {
    io.in(channels.participant(participantId)).disconnectSockets(true);
  });
  return {
    io,
    close: async () => {
      offStaff();
      offRevoked();
      broadcaster.stop();
      // Ballots and commands already being handled finish and get their acks first.
      await dispatcher.idle();
      // A restart is not a refusal: no Socket.IO DISCONNECT packet (which clients take as
      // final, "io server disconnect"), only the transports close, so every phone, console
      // and hall screen reconnects by itself to the next server on this address.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // Anything that arrived meanwhile also finishes before the database closes.
      await dispatcher.idle();
    },
  };
}
