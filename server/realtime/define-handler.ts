import type { z } from 'zod';
import {
  CLIENT_EVENTS,
  ERROR_CODES,
  hasPermission,
  LIMITS,
  participantPrincipal,
  type Ack,
  type ClientEventName,
  type ClientEventResults,
  type Permission,
  type Principal,
} from '../../shared/protocol';
import { AppError, parseInput, toAckError } from '../errors';
import type { Logger } from '../logger';
import type { MeetingRoom } from '../meetings/room';
import { FloodGuards, type FloodGuard } from '../util/rate-limit';
import type { IoSocket } from './context';

export interface HandlerContext {
  socket: IoSocket;
  principal: Principal;
  room: MeetingRoom;
}

type Handler<K extends ClientEventName> = (
  ctx: HandlerContext,
  payload: z.output<(typeof CLIENT_EVENTS)[K]>,
) => Promise<ClientEventResults[K]> | ClientEventResults[K];

export interface HandlerDefinition<K extends ClientEventName = ClientEventName> {
  event: K;
  permission: Permission;
  handle: Handler<K>;
}

/** Typed helper so each feature declares its handlers with payload types inferred. */
export const defineHandler = <K extends ClientEventName>(
  event: K,
  permission: Permission,
  handle: Handler<K>,
): HandlerDefinition<K> => ({ event, permission, handle });

/**
 * The one wrapper every socket event goes through: size check, zod validation, permission
 * against the *current* role, then the handler; every outcome answered as an Ack. Nothing a
 * client sends can throw past here. Built once at start-up; each socket then costs a single
 * `onAny` listener instead of one closure per event (memory per connection matters at
 * thousands of phones).
 */
export function createDispatcher(
  definitions: HandlerDefinition[],
  log: Logger,
  budget: { perSecond: number; burst: number; strikes: number; inFlight: number },
): { attach: (socket: IoSocket) => void; idle: () => Promise<void> } {
  const byEvent = new Map<string, HandlerDefinition>(definitions.map((d) => [d.event, d]));

  async function dispatch(
    socket: IoSocket,
    guard: FloodGuard,
    event: string,
    args: unknown[],
  ): Promise<void> {
    const last = args.at(-1);
    const reply = typeof last === 'function' ? (last as (a: Ack<unknown>) => void) : () => {};
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    // The budget comes first: a flood costs one bucket check per event, no parsing.
    const verdict = guard.check();
    if (verdict !== 'ok') {
      reply({ ok: false, code: ERROR_CODES.RATE_LIMITED, message: 'Too many events' });
      if (verdict === 'disconnect') {
        log.warn({ event, address: socket.handshake.address }, 'socket flooding: disconnected');
        socket.disconnect(true);
      }
      return;
    }
    try {
      const definition = byEvent.get(event);
      if (!definition) throw new AppError(ERROR_CODES.VALIDATION, `Unknown event: ${event}`);
      if (JSON.stringify(payload ?? null).length > LIMITS.socketFrameBytes) {
        throw new AppError(ERROR_CODES.PAYLOAD_TOO_LARGE, 'Payload too large');
      }
      const input = parseInput(CLIENT_EVENTS[definition.event], payload);
      const { room } = socket.data;
      const principal = currentPrincipal(socket.data.principal, room);
      if (!hasPermission(principal, definition.permission, room.meeting)) {
        const notVoter = definition.permission === 'vote' && principal.kind === 'participant';
        throw notVoter
          ? new AppError(ERROR_CODES.NOT_ELIGIBLE, `The role ${principal.role} does not vote`)
          : new AppError(ERROR_CODES.FORBIDDEN, `Not allowed: ${definition.event}`);
      }
      const data = await (definition.handle as Handler<ClientEventName>)(
        { socket, principal, room },
        input as never,
      );
      reply({ ok: true, data });
    } catch (err) {
      const error = toAckError(err);
      if (error.code === ERROR_CODES.INTERNAL) log.error({ err, event }, 'handler failed');
      reply(error);
    } finally {
      guard.done();
    }
  }

  // Socket.IO's types are compile-time only; dispatch checks everything at run time.
  const guards = new FloodGuards(budget);
  /** Handlers still running: a graceful shutdown waits for them before the database closes. */
  const running = new Set<Promise<void>>();
  return {
    attach(socket) {
      const { guard, release } = guards.acquire(budgetKey(socket));
      socket.once('disconnect', release);
      socket.onAny((event: string, ...args: unknown[]) => {
        const done = dispatch(socket, guard, event, args).finally(() => running.delete(done));
        running.add(done);
      });
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** Whose budget an event spends: the person's across all their sockets; screens per address. */
function budgetKey(socket: IoSocket): string {
  const { principal } = socket.data;
  if (principal.kind === 'participant') return `p:${principal.participantId}`;
  if (principal.kind === 'user') return `u:${principal.userId}`;
  return `s:${principal.meetingId}:${socket.handshake.address}`;
}

/** Roles change mid-meeting: a participant's permissions come from the room, not the handshake. */
export function currentPrincipal(principal: Principal, room: MeetingRoom): Principal {
  if (principal.kind !== 'participant') return principal;
  const participant = room.participants.get(principal.participantId);
  return participant ? participantPrincipal(participant) : { ...principal, role: 'observer' };
}
