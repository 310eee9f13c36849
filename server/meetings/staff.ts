import {
  ERROR_CODES,
  type StaffAssignment,
  type StaffCandidate,
  type StaffMember,
  type User,
} from '../../shared/protocol';
import type { EventLog } from '../events/log';
import type { UserService } from '../auth/users';
import { AppError } from '../errors';
import { nowIso } from '../ids';
import type { MeetingRepo } from './repo';
import type { MeetingRoom } from './room';

/**
 * Pure check of a staff list: no duplicates, at least one facilitator, and only accounts
 * that may run meetings (admin, facilitator) as facilitator.
 */
export function checkStaff(
  assignments: readonly StaffAssignment[],
  accounts: ReadonlyMap<string, Pick<User, 'role'>>,
): StaffAssignment[] {
  const seen = new Set<string>();
  const out: StaffAssignment[] = [];
  for (const a of assignments) {
    const account = accounts.get(a.userId);
    if (!account) throw new AppError(ERROR_CODES.ACCOUNT_NOT_FOUND, 'No such account');
    if (a.role === 'facilitator' && account.role === 'recorder') {
      throw new AppError(
        ERROR_CODES.RECORDER_CANNOT_FACILITATE,
        'A recorder account cannot facilitate',
      );
    }
    const key = `${a.userId}:${a.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ userId: a.userId, role: a.role });
  }
  if (!out.some((a) => a.role === 'facilitator')) {
    throw new AppError(
      ERROR_CODES.FACILITATOR_REQUIRED,
      'A meeting keeps at least one facilitator',
    );
  }
  return out;
}

/** Who runs a meeting (issue 9): read and replaced by an administrator or its facilitator. */
export class StaffService {
  constructor(
    private readonly repo: MeetingRepo,
    private readonly users: UserService,
    private readonly events: EventLog,
  ) {}

  async candidates(): Promise<StaffCandidate[]> {
    return (await this.users.list()).map((u) => ({
      id: u.id,
      displayName: u.displayName,
      username: u.username,
      role: u.role,
    }));
  }

  async members(room: MeetingRoom): Promise<StaffMember[]> {
    const accounts = new Map((await this.users.list()).map((u) => [u.id, u]));
    return room.meeting.staff.map((s) => ({
      ...s,
      displayName: accounts.get(s.userId)?.displayName ?? '',
      username: accounts.get(s.userId)?.username ?? '',
    }));
  }

  set(room: MeetingRoom, assignments: StaffAssignment[]): Promise<StaffMember[]> {
    return room.serial.run(async () => {
      const accounts = new Map((await this.users.list()).map((u) => [u.id, u]));
      const staff = checkStaff(assignments, accounts);
      const at = nowIso();
      await this.repo.transaction(async (trx) => {
        await this.repo.setStaff(room.id, staff, at, trx);
        // Who may count hands and confirm them is part of the record's signed chain.
        const data = {
          staff: staff.map((s) => ({
            name: accounts.get(s.userId)?.displayName ?? '',
            role: s.role,
          })),
        };
        // Its notice (staffChanged) moves sockets of accounts no longer assigned off the staff
        // channel (realtime/io.ts) and closes their minutes (collab).
        await this.events.append(trx, room.id, { kind: 'staff.changed', data }, at);
      });
      room.meeting = { ...room.meeting, staff };
      return this.members(room);
    });
  }
}
