import { Router } from 'express';
import { z } from 'zod';
import { ERROR_CODES } from '../../../shared/protocol';
import { AppError, parseInput } from '../../errors';
import type { Guards } from '../guards';
import { sendFailure } from '../respond';
import type { Logger } from '../../logger';
import type { VotingService } from '../../voting/service';
import type { SpeechService } from '../../speech/service';
import { SPEECH_LOCALES } from '../../speech/wording';

const ClipQuery = z.object({
  voteId: z.string().regex(/^[\w-]{1,64}$/),
  lang: z.enum(SPEECH_LOCALES).default('zh-CN'),
});

/**
 * `GET /api/meetings/:code/votes/:voteId/read-aloud?lang=zh-CN|en`, for a participant of the
 * meeting (`Authorization: Bearer <token>`): the vote's reading as `audio/mpeg`. Revalidated by
 * ETag (`no-cache`), since a vote's reading changes when it closes.
 */
export function speechRoutes(
  speech: SpeechService,
  voting: VotingService,
  guards: Guards,
  log: Logger,
): Router {
  const router = Router();
  router.get('/meetings/:code/votes/:voteId/read-aloud', (req, res) => {
    void (async () => {
      const { room } = await guards.participantOf(req);
      const { voteId, lang } = parseInput(ClipQuery, { ...req.query, voteId: req.params.voteId });
      const vote = (await voting.list(room)).find((v) => v.id === voteId);
      if (!vote) throw new AppError(ERROR_CODES.VOTE_NOT_FOUND, 'No such vote in this meeting');
      const clip = await speech.clipOf(vote, lang);
      const etag = `"${clip.hash}"`;
      res.set({ 'Cache-Control': 'private, no-cache', ETag: etag, Vary: 'Authorization' });
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.type('audio/mpeg').send(clip.mp3);
    })().catch((err: unknown) => {
      if (res.headersSent) return;
      const error = sendFailure(res, err);
      if (error.code === ERROR_CODES.INTERNAL) {
        log.error({ err, url: req.originalUrl }, 'read-aloud clip failed');
      }
    });
  });
  return router;
}
