import { ERROR_CODES, LIMITS, type Ack, type ClientEventName } from '../../shared/protocol';
import { AppError, toAckError } from '../errors';
import type { Logger } from '../logger';
import { execute, type Command, type CommandContext } from '../meetings/command';
import { FloodGuards, type FloodGuard } from '../util/rate-limit';
import type { IoSocket } from './context';

/** What a socket-only command (audio signalling) gets: the command context and its socket. */
export interface HandlerContext extends CommandContext {
  socket: IoSocket;
}

/** A command the socket dispatcher runs: any command, or a socket-only one. */
export type HandlerDefinition = Command<ClientEventName, HandlerContext>;

/** A command that needs its socket (it is not reachable over REST). */
export const defineHandler = <K extends ClientEventName>(
  event: K,
  permission: Command<K, HandlerContext>['permission'],
  run: Command<K, HandlerContext>['run'],
): Command<K, HandlerContext> => ({ event, permission, run });

/**
 * The one wrapper every socket event goes through: flood budget, size check, then `execute`
 * (zod validation, permission against the *current* role, the command); every outcome
 * answered as an Ack. Nothing a
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
      const { principal, room } = socket.data;
      const data = await execute(definition, { socket, principal, room }, payload);
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
