import { Router } from 'express';
import { CastBallotBody, HallCountBody, OpenVoteBody } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { Guards } from '../http/guards';
import { json } from '../http/respond';
import type { Logger } from '../logger';
import type { VotingService } from './service';

export function votingRoutes(voting: VotingService, guards: Guards, log: Logger): Router {
  const router = Router();
  router.get(
    '/meetings/:code/votes',
    json(log, async (req) => voting.list(await guards.room(req))),
  );
  router.post(
    '/meetings/:code/votes',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      return voting.open(room, parseInput(OpenVoteBody, req.body));
    }),
  );
  router.post(
    '/meetings/:code/votes/:voteId/ballots',
    json(log, async (req) => {
      const { room, participantId } = await guards.participantOf(req);
      const { choice, ballotId } = parseInput(CastBallotBody, req.body);
      return voting.cast(room, participantId, String(req.params.voteId), choice, ballotId);
    }),
  );
  router.put(
    '/meetings/:code/votes/:voteId/hall-count',
    json(log, async (req) => {
      const { room, user } = await guards.staffOf(req, 'facilitate');
      const { counts } = parseInput(HallCountBody, req.body);
      return voting.hallCount(room, String(req.params.voteId), counts, user.id);
    }),
  );
  router.post(
    '/meetings/:code/votes/:voteId/close',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      return voting.close(room, String(req.params.voteId));
    }),
  );
  return router;
}
