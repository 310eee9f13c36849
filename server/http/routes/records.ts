import { Router } from 'express';
import type { Guards } from '../guards';
import { json, sendError, sendFailure } from '../respond';
import type { Logger } from '../../logger';
import { renderDocx, renderJson, renderMarkdown } from '../../export/index';
import type { RecordService } from '../../export/service';
import type { RecordSigner } from '../../audit/signing';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function exportRoutes(
  records: RecordService,
  signer: RecordSigner,
  guards: Guards,
  log: Logger,
): Router {
  const router = Router();
  // Public on purpose: whoever checks a record needs the key it must be signed with.
  router.get(
    '/record-key',
    json(log, async () => signer.info),
  );
  router.get('/meetings/:code/record.:format', async (req, res) => {
    try {
      const room = await guards.room(req);
      if (room.meeting.phase === 'closed') await guards.recordReader(req, room);
      const record = await records.stored(room);
      const name = `yuanba-${record.meeting.code}-${record.meeting.date}`;
      const attach = (ext: string) =>
        res.attachment(`${name}.${ext}`).set('Cache-Control', 'no-store');
      switch (req.params.format) {
        case 'json':
          return attach('json').type('application/json').send(renderJson(record));
        case 'md':
          return attach('md').type('text/markdown; charset=utf-8').send(renderMarkdown(record));
        case 'docx':
          return attach('docx')
            .type(DOCX_TYPE)
            .send(await renderDocx(record));
        default:
          return sendError(res, {
            ok: false,
            code: 'VALIDATION',
            message: 'Format is json, md or docx',
          });
      }
    } catch (err) {
      sendFailure(res, err);
    }
  });
  return router;
}
