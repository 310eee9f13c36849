import { Router, type Request } from 'express';
import { execute, type Command } from '../../meetings/command';
import type { Logger } from '../../logger';
import type { Guards } from '../guards';
import { json } from '../respond';

/**
 * The REST door of every command that declares one: find the meeting, identify the caller
 * (staff cookie or participant token), and run the command through the same `execute` as
 * the socket — the schema and permission are the command's, not the route's.
 */
export function commandRoutes(commands: readonly Command[], guards: Guards, log: Logger): Router {
  const router = Router();
  for (const command of commands) {
    const door = command.rest;
    if (!door) continue;
    router[door.method](
      door.path,
      json(log, async (req) => {
        const room = await guards.room(req);
        const principal = await guards.principal(req, room);
        return execute(command, { principal, room }, payloadOf(req, door.numbers ?? []));
      }),
    );
  }
  return router;
}

/** The body with the path's parameters over it; the meeting code only finds the meeting. */
function payloadOf(req: Request, numbers: readonly string[]): unknown {
  const { code: _code, ...params } = req.params as Record<string, string>;
  const fromPath = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      numbers.includes(key) && /^\d{1,15}$/.test(value) ? Number(value) : value,
    ]),
  );
  const body: unknown = req.body ?? {};
  // A body that is not an object (a bare string, an array) fails the schema on its own.
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? { ...body, ...fromPath }
    : body;
}
