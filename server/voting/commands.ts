import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { defineCommand, type CommandContext } from '../meetings/command';
import type { DelegatedVoting } from './delegated';
import type { HallCounting } from './hall-service';
import { hallOptionsOf } from './options';
import type { VotingService } from './service';

const participantId = ({ principal }: CommandContext): string => {
  if (principal.kind !== 'participant') {
    throw new AppError(ERROR_CODES.FORBIDDEN, 'Only participants hold a ballot');
  }
  return principal.participantId;
};

const staffName = ({ principal }: CommandContext): string =>
  principal.kind === 'user' ? principal.userId : 'unknown';

/** The voting feature's commands; the ones with a REST door say where. */
export function votingCommands(
  voting: VotingService,
  hall: HallCounting,
  delegated: DelegatedVoting,
) {
  return [
    defineCommand('vote:assist', 'facilitate', ({ room, principal }, input) =>
      delegated.assist(room, input, principal.kind === 'user' ? principal.displayName : 'unknown'),
    ),
    defineCommand('vote:witness', 'readDocs', (ctx, { voteId, requestId }) =>
      delegated.witness(ctx.room, voteId, requestId, participantId(ctx)),
    ),
    defineCommand('vote:assistPending', 'readDocs', (ctx) =>
      ctx.principal.kind === 'participant'
        ? delegated.pendingFor(ctx.room, ctx.principal.participantId)
        : [],
    ),
    defineCommand('vote:proxyCast', 'vote', (ctx, input) =>
      delegated.proxyCast(ctx.room, participantId(ctx), input),
    ),
    defineCommand('vote:mandates', 'readDocs', (ctx) =>
      ctx.principal.kind === 'participant'
        ? delegated.grantorsOf(ctx.room, ctx.principal.participantId)
        : [],
    ),
    defineCommand('vote:open', 'facilitate', ({ room }, body) => voting.open(room, body), {
      method: 'post',
      path: '/meetings/:code/votes',
    }),
    defineCommand(
      'vote:cast',
      'vote',
      (ctx, { voteId, choice, options, ballotId, secretToken }) =>
        voting.cast(ctx.room, participantId(ctx), voteId, options ?? choice, ballotId, secretToken),
      { method: 'post', path: '/meetings/:code/votes/:voteId/ballots' },
    ),
    defineCommand('vote:mine', 'readDocs', (ctx, { voteId }) =>
      voting.mine(ctx.room, participantId(ctx), voteId),
    ),
    defineCommand(
      'vote:hallCount',
      'tally',
      (ctx, { voteId, counts, ...rest }) =>
        hall.enter(ctx.room, voteId, counts, staffName(ctx), hallOptionsOf(rest)),
      { method: 'put', path: '/meetings/:code/votes/:voteId/hall-count' },
    ),
    defineCommand(
      'vote:hallConfirm',
      'tally',
      (ctx, { voteId, entryId }) => hall.confirm(ctx.room, voteId, entryId, staffName(ctx)),
      {
        method: 'post',
        path: '/meetings/:code/votes/:voteId/hall-count/:entryId/confirm',
        numbers: ['entryId'],
      },
    ),
    defineCommand(
      'vote:close',
      'facilitate',
      ({ room }, { voteId }) => voting.close(room, voteId),
      {
        method: 'post',
        path: '/meetings/:code/votes/:voteId/close',
      },
    ),
    defineCommand('vote:roll', 'facilitate', ({ room }, { voteId }) => voting.roll(room, voteId)),
    defineCommand(
      'vote:mandate',
      'facilitate',
      ({ room }, { holderId, grantorId }) => delegated.mandate(room, holderId, grantorId),
      { method: 'post', path: '/meetings/:code/mandates' },
    ),
    defineCommand(
      'vote:setQuorum',
      'facilitate',
      ({ room }, { quorum }) => voting.setQuorum(room, quorum),
      { method: 'put', path: '/meetings/:code/quorum' },
    ),
  ];
}
