import { Router } from 'express';
import { CastBallotBody, HallCountBody, OpenVoteBody, RosterBody } from '../../shared/protocol';
import { hallOptionsOf } from './options';
import type { RosterService } from '../meetings/roster';
import { MandateBody, QuorumBody } from '../../shared/protocol';
import type { DelegatedVoting } from './delegated';
import type { HallCounting } from './hall-service';
import { HallConfirmPayload } from '../../shared/protocol';

const HallEntryRef = HallConfirmPayload.pick({ entryId: true });
import { parseInput } from '../errors';
import type { Guards } from '../http/guards';
import { json } from '../http/respond';
import type { Logger } from '../logger';
import { redactVote } from './redact';
import type { VotingService } from './service';

export function votingRoutes(
  voting: VotingService,
  hall: HallCounting,
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
      const { choice, options, ballotId, secretToken } = parseInput(CastBallotBody, req.body);
      const voteId = String(req.params.voteId);
      return voting.cast(room, participantId, voteId, options ?? choice, ballotId, secretToken);
    }),
  );
  router.put(
    '/meetings/:code/votes/:voteId/hall-count',
    json(log, async (req) => {
      const { room, user } = await guards.staffOf(req, 'tally');
      const body = parseInput(HallCountBody, req.body);
      const voteId = String(req.params.voteId);
      return hall.enter(room, voteId, body.counts, user.id, hallOptionsOf(body));
    }),
  );
  router.post(
    '/meetings/:code/votes/:voteId/hall-count/:entryId/confirm',
    json(log, async (req) => {
      const { room, user } = await guards.staffOf(req, 'tally');
      const entryId = parseInput(HallEntryRef, { entryId: Number(req.params.entryId) }).entryId;
      return hall.confirm(room, String(req.params.voteId), entryId, user.id);
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
