import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { defineHandler, type HandlerContext } from '../realtime/define-handler';
import type { DelegatedVoting } from './delegated';
import type { HallCounting } from './hall-service';
import { hallOptionsOf } from './options';
import type { VotingService } from './service';

const participantId = ({ principal }: HandlerContext): string => {
  if (principal.kind !== 'participant') {
    throw new AppError(ERROR_CODES.FORBIDDEN, 'Only participants hold a ballot');
  }
  return principal.participantId;
};

const staffName = ({ principal }: HandlerContext): string =>
  principal.kind === 'user' ? principal.userId : 'unknown';

/** Socket events of the voting feature. */
export function votingHandlers(
  voting: VotingService,
  hall: HallCounting,
  delegated: DelegatedVoting,
) {
  return [
    defineHandler('vote:assist', 'facilitate', ({ room, principal }, input) =>
      delegated.assist(room, input, principal.kind === 'user' ? principal.displayName : 'unknown'),
    ),
    defineHandler('vote:witness', 'readDocs', (ctx, { voteId, requestId }) =>
      delegated.witness(ctx.room, voteId, requestId, participantId(ctx)),
    ),
    defineHandler('vote:assistPending', 'readDocs', (ctx) =>
      ctx.principal.kind === 'participant'
        ? delegated.pendingFor(ctx.room, ctx.principal.participantId)
        : [],
    ),
    defineHandler('vote:proxyCast', 'vote', (ctx, input) =>
      delegated.proxyCast(ctx.room, participantId(ctx), input),
    ),
    defineHandler('vote:mandates', 'readDocs', (ctx) =>
      ctx.principal.kind === 'participant'
        ? delegated.grantorsOf(ctx.room, ctx.principal.participantId)
        : [],
    ),
    defineHandler('vote:open', 'facilitate', ({ room }, body) => voting.open(room, body)),
    defineHandler('vote:cast', 'vote', (ctx, { voteId, choice, options, ballotId, secretToken }) =>
      voting.cast(ctx.room, participantId(ctx), voteId, options ?? choice, ballotId, secretToken),
    ),
    defineHandler('vote:mine', 'readDocs', (ctx, { voteId }) =>
      voting.mine(ctx.room, participantId(ctx), voteId),
    ),
    defineHandler('vote:hallCount', 'tally', (ctx, { voteId, counts, ...rest }) =>
      hall.enter(ctx.room, voteId, counts, staffName(ctx), hallOptionsOf(rest)),
    ),
    defineHandler('vote:hallConfirm', 'tally', (ctx, { voteId, entryId }) =>
      hall.confirm(ctx.room, voteId, entryId, staffName(ctx)),
    ),
    defineHandler('vote:close', 'facilitate', ({ room }, { voteId }) => voting.close(room, voteId)),
    defineHandler('vote:roll', 'facilitate', ({ room }, { voteId }) => voting.roll(room, voteId)),
  ];
}
