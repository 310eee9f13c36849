import { Router } from 'express';
import { RosterEntriesBody } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { Guards } from '../http/guards';
import { json } from '../http/respond';
import type { Logger } from '../logger';
import type { RosterService } from './roster';

/** The roster (应到名单), edited by the facilitator. */
export function rosterRoutes(roster: RosterService, guards: Guards, log: Logger): Router {
  const router = Router();
  router.post(
    '/meetings/:code/roster/entries',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      return roster.add(room, parseInput(RosterEntriesBody, req.body).entries);
    }),
  );
  router.delete(
    '/meetings/:code/participants/:id',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      await roster.remove(room, String(req.params.id));
      return {};
    }),
  );
  return router;
}
