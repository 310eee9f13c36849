import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { CreateMeetingBody, selfView } from '../../../shared/protocol';
import { parseInput, toAckError } from '../../errors';
import type { Guards } from '../guards';
import { publicBaseUrl, trustPageUrl, type PublicOrigin } from '../public-url';
import { json, sendError } from '../respond';
import type { Logger } from '../../logger';
import type { MeetingService } from '../../meetings/service';

export function meetingRoutes(
  meetings: MeetingService,
  guards: Guards,
  publicUrl: PublicOrigin,
  log: Logger,
): Router {
  const router = Router();

  router.get(
    '/meetings',
    json(log, async (req) => meetings.list(await guards.user(req))),
  );
  router.post(
    '/meetings',
    json(log, async (req) => {
      const user = await guards.user(req, 'createMeetings');
      return meetings.create(parseInput(CreateMeetingBody, req.body), user);
    }),
  );
  router.get(
    '/meetings/:code',
    json(log, async (req) => (await guards.room(req)).publicMeeting),
  );
  router.get(
    '/meetings/:code/access',
    json(log, async (req) => guards.access(req)),
  );
  router.get(
    '/meetings/:code/state',
    json(log, async (req) => {
      const room = await guards.room(req);
      return room.state(await guards.audience(req, room));
    }),
  );
  const joinUrl = (req: Request, code: string): string =>
    `${publicBaseUrl(publicUrl, req)}/m/${code}`;
  /** The address the QR carries, for the hall screen to print in full (issue 10). */
  router.get(
    '/meetings/:code/join-url',
    json(log, async (req) => ({
      url: joinUrl(req, (await guards.room(req)).meeting.code),
      trustUrl: trustPageUrl(publicUrl, req),
    })),
  );
  router.get('/meetings/:code/qr.svg', async (req, res) => {
    try {
      const room = await guards.room(req);
      const svg = await QRCode.toString(joinUrl(req, room.meeting.code), {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      res.type('image/svg+xml').set('Cache-Control', 'public, max-age=3600').send(svg);
    } catch (err) {
      sendError(res, toAckError(err));
    }
  });
  router.get(
    '/meetings/:code/me',
    json(log, async (req) => {
      const { room, participantId } = await guards.participantOf(req);
      return selfView(meetings.participant(room, participantId));
    }),
  );
  router.get(
    '/meetings/:code/participants',
    json(log, async (req) => (await guards.staffOf(req, 'readDocs')).room.participantList()),
  );
  return router;
}
