import { Router } from 'express';
import { MeetingSettingsBody, StaffBody } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { Guards } from '../http/guards';
import { json } from '../http/respond';
import type { Logger } from '../logger';
import type { MeetingService } from './service';
import type { StaffService } from './staff';

/** `/meetings/:code/staff` (the assigned accounts, issue 9) and the facilitator's settings. */
export function staffRoutes(
  staff: StaffService,
  meetings: MeetingService,
  guards: Guards,
  log: Logger,
): Router {
  const router = Router();
  router.put(
    '/meetings/:code/settings',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'facilitate');
      return meetings.setSettings(room, parseInput(MeetingSettingsBody, req.body));
    }),
  );
  router.get(
    '/meetings/:code/staff',
    json(log, async (req) => staff.members((await guards.staffOf(req, 'assignStaff')).room)),
  );
  router.get(
    '/meetings/:code/staff/candidates',
    json(log, async (req) => {
      await guards.staffOf(req, 'assignStaff');
      return staff.candidates();
    }),
  );
  router.put(
    '/meetings/:code/staff',
    json(log, async (req) => {
      const { room } = await guards.staffOf(req, 'assignStaff');
      return staff.set(room, parseInput(StaffBody, req.body).assignments);
    }),
  );
  return router;
}
