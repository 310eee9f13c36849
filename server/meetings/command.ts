import type { z } from 'zod';
import {
  CLIENT_EVENTS,
  ERROR_CODES,
  hasPermission,
  participantPrincipal,
  type ClientEventName,
  type ClientEventResults,
  type Permission,
  type Principal,
} from '../../shared/protocol';
import { AppError, parseInput } from '../errors';
import type { MeetingRoom } from './room';

/** Who asks, and of which meeting: all a command needs, whichever door it came through. */
export interface CommandContext {
  principal: Principal;
  room: MeetingRoom;
}

export type CommandPayload<K extends ClientEventName> = z.output<(typeof CLIENT_EVENTS)[K]>;

/**
 * The REST door of a command, when it has one. The payload is the JSON body with the path's
 * parameters over it (`/votes/:voteId/close` → `{ voteId }`), validated by the same schema as
 * the socket event; `numbers` names the parameters that are integers.
 */
export interface RestDoor {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  numbers?: readonly string[];
}

/**
 * One thing a client may ask of a meeting, declared once: its event (and so its schema in
 * `CLIENT_EVENTS`), the permission it needs and what it does. The socket dispatcher and, when
 * `rest` is given, the REST router both run it through `execute`, so neither door restates
 * either.
 */
export interface Command<
  K extends ClientEventName = ClientEventName,
  C extends CommandContext = CommandContext,
> {
  event: K;
  permission: Permission;
  rest?: RestDoor;
  run: (
    ctx: C,
    payload: CommandPayload<K>,
  ) => Promise<ClientEventResults[K]> | ClientEventResults[K];
}

export const defineCommand = <K extends ClientEventName>(
  event: K,
  permission: Permission,
  run: Command<K>['run'],
  rest?: RestDoor,
): Command<K> => ({ event, permission, run, ...(rest ? { rest } : {}) });

/** Roles change mid-meeting: a participant's permissions come from the room, not the handshake. */
function currentPrincipal(principal: Principal, room: MeetingRoom): Principal {
  if (principal.kind !== 'participant') return principal;
  const participant = room.participants.get(principal.participantId);
  return participant ? participantPrincipal(participant) : { ...principal, role: 'observer' };
}

/**
 * Validate, authorise against the current role, run: the one path of every command. The
 * context's principal is replaced by the current one before the command sees it.
 */
export async function execute<C extends CommandContext>(
  command: Command<ClientEventName, C>,
  ctx: C,
  rawPayload: unknown,
): Promise<unknown> {
  const payload = parseInput(CLIENT_EVENTS[command.event], rawPayload);
  const principal = currentPrincipal(ctx.principal, ctx.room);
  if (!hasPermission(principal, command.permission, ctx.room.meeting)) {
    const notVoter = command.permission === 'vote' && principal.kind === 'participant';
    throw notVoter
      ? new AppError(ERROR_CODES.NOT_ELIGIBLE, `The role ${principal.role} does not vote`)
      : new AppError(ERROR_CODES.FORBIDDEN, `Not allowed: ${command.event}`);
  }
  return command.run({ ...ctx, principal }, payload as never);
}
