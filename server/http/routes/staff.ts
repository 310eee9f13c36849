import { Router } from 'express';
import type { Guards } from '../guards';
import { json } from '../respond';
import type { Logger } from '../../logger';
import type { StaffService } from '../../meetings/staff';

/** Reads of `/meetings/:code/staff` (the assigned accounts, issue 9); commands.ts sets them. */
export function staffRoutes(staff: StaffService, guards: Guards, log: Logger): Router {
  const router = Router();
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
  return router;
}
