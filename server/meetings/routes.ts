import { Router, type Request } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  AppendAgendaBody,
  CreateMeetingBody,
  Id,
  UpdateParticipantBody,
} from '../../shared/protocol';
import { appendAgenda } from '../collab/agenda';
import type { DocStore } from '../collab/docs';
import { parseInput, toAckError } from '../errors';
import type { Guards } from '../http/guards';
import { publicBaseUrl, trustPageUrl, type PublicOrigin } from '../http/public-url';
import { json, sendError } from '../http/respond';
import type { Logger } from '../logger';
import { assertOpen, type MeetingService } from './service';

const CurrentItemBody = z.strictObject({ itemId: Id.nullable() });

export function meetingRoutes(
  meetings: MeetingService,
  docs: DocStore,
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
      const user = await guards.user(req, ['admin', 'facilitator']);
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
      return meetings.participant(room, participantId);
    }),
  );
  router.get(
    '/meetings/:code/participants',
    json(log, async (req) => (await guards.staffOf(req, 'readDocs')).room.participantList()),
  );
  router.patch(
    '/meetings/:code/participants/:id',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      const body = parseInput(UpdateParticipantBody, req.body);
      return meetings.updateParticipant(room, { participantId: String(req.params.id), ...body });
    }),
  );
  router.post(
    '/meetings/:code/start',
    json(log, async (req) => meetings.start((await guards.staffOf(req, 'facilitate')).room)),
  );
  router.post(
    '/meetings/:code/agenda',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      assertOpen(room);
      const { items } = parseInput(AppendAgendaBody, req.body);
      const shared = await docs.get(room.id);
      const added = appendAgenda(shared.doc, items);
      // The agenda watcher (app.ts) has already refreshed room.agenda; wait for the disk.
      await shared.flushed();
      return added;
    }),
  );
  router.post(
    '/meetings/:code/next-item',
    json(log, async (req) => meetings.nextItem((await guards.staffOf(req, 'facilitate')).room)),
  );
  router.put(
    '/meetings/:code/current-item',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      return meetings.setCurrentItem(room, parseInput(CurrentItemBody, req.body).itemId);
    }),
  );
  return router;
}
