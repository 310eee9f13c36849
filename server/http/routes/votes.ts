import { Router } from 'express';
import type { Guards } from '../guards';
import { json } from '../respond';
import type { Logger } from '../../logger';
import { redactVote } from '../../../shared/redact';
import type { VotingService } from '../../voting/service';

/** The voting feature's reads; its commands are in commands.ts. */
export function votingRoutes(voting: VotingService, guards: Guards, log: Logger): Router {
  const router = Router();
  router.get(
    '/meetings/:code/quorum',
    json(log, async (req) => voting.quorum(await guards.room(req))),
  );
  router.get(
    '/meetings/:code/votes',
    json(log, async (req) => {
      const room = await guards.room(req);
      const audience = await guards.audience(req, room);
      return (await voting.list(room)).map((vote) => redactVote(vote, audience));
    }),
  );
  return router;
}
