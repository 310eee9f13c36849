import { Router } from 'express';
import QRCode from 'qrcode';
import { JoinBody } from '../../../shared/protocol';
import { parseInput } from '../../errors';
import type { Guards } from '../guards';
import type { RequestLimits } from '../limits';
import { clientAddress } from '../../util/rate-limit';
import { publicBaseUrl, type PublicOrigin } from '../public-url';
import { json } from '../respond';
import type { Logger } from '../../logger';
import type { Admission } from '../../meetings/admission';

const qrDataUrl = async (url: string): Promise<string> =>
  `data:image/svg+xml;base64,${Buffer.from(
    await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
  ).toString('base64')}`;

/** Joining, the waiting list at the door and personal links (issue 9). */
export function admissionRoutes(
  admission: Admission,
  guards: Guards,
  limits: RequestLimits,
  publicUrl: PublicOrigin,
  log: Logger,
): Router {
  const router = Router();
  router.post(
    '/meetings/:code/join',
    json(log, async (req) => {
      const room = await guards.room(req);
      const body = parseInput(JoinBody, req.body);
      // Every join attempt spends the address's join budget, a waiting one too.
      await limits.join(clientAddress(req));
      return admission.join(room, body);
    }),
  );
  // The waiting phone's poll: its ticket is the credential.
  router.get(
    '/meetings/:code/tickets/:ticket',
    json(log, async (req) => admission.status(await guards.room(req), String(req.params.ticket))),
  );
  router.get(
    '/meetings/:code/waiting',
    json(log, async (req) => admission.list((await guards.staffOf(req, 'admit')).room)),
  );
  // Personal links, with a QR code each when asked (the print sheet).
  router.get(
    '/meetings/:code/links',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      const links = admission.links(room, publicBaseUrl(publicUrl, req));
      if (req.query.qr !== '1') return links;
      return Promise.all(links.map(async (l) => ({ ...l, qr: await qrDataUrl(l.url) })));
    }),
  );
  router.post(
    '/meetings/:code/participants/:id/link',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      const link = await admission.reissue(
        room,
        String(req.params.id),
        publicBaseUrl(publicUrl, req),
      );
      return { ...link, qr: await qrDataUrl(link.url) };
    }),
  );
  return router;
}
