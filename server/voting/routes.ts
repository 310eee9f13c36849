import { Router } from 'express';
import { MandateBody, QuorumBody, RosterBody } from '../../shared/protocol';
import type { RosterService } from '../meetings/roster';
import type { DelegatedVoting } from './delegated';
import { parseInput } from '../errors';
import type { Guards } from '../http/guards';
import { json } from '../http/respond';
import type { Logger } from '../logger';
import { redactVote } from './redact';
import type { VotingService } from './service';

/** The voting feature's reads and REST-only commands; the others are in commands.ts. */
export function votingRoutes(
  voting: VotingService,
  delegated: DelegatedVoting,
  roster: RosterService,
  guards: Guards,
  log: Logger,
): Router {
  const router = Router();
  router.post(
    '/meetings/:code/mandates',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      const { holderId, grantorId } = parseInput(MandateBody, req.body);
      return delegated.mandate(room, holderId, grantorId);
    }),
  );
  router.get(
    '/meetings/:code/quorum',
    json(log, async (req) => voting.quorum(await guards.room(req))),
  );
  router.put(
    '/meetings/:code/quorum',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      return voting.setQuorum(room, parseInput(QuorumBody, req.body).quorum);
    }),
  );
  router.post(
    '/meetings/:code/roster',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      const { names } = parseInput(RosterBody, req.body);
      // People in the hall without a phone: on the roster and checked in, no token issued;
      // they vote by raising a hand.
      return roster.add(
        room,
        names.map((name) => ({ name })),
        true,
      );
    }),
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
