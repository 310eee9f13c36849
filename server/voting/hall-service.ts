import {
  ERROR_CODES,
  type Counts,
  type HallEntry,
  type HallOptions,
  type TalliedVote,
} from '../../shared/protocol';
import type { EventLog } from '../events/log';
import { AppError } from '../errors';
import { nowIso } from '../ids';
import type { MeetingRoom } from '../meetings/room';
import { confirmHallCount, insertHallCount } from './hall-repo';
import { hallEntryFor, hallVoters } from './kinds';
import type { OpenVote } from './open-vote';
import type { VoteRepo } from './repo';
import type { VotingService } from './service';

/**
 * Hall counts (hands raised in the room), kept apart from the electronic ballots: a teller
 * enters counted hands; they count only once a second staff account confirms. Both steps,
 * and every correction (a newer entry), are in the audit log.
 */
export class HallCounting {
  constructor(
    private readonly repo: VoteRepo,
    private readonly events: EventLog,
    private readonly voting: VotingService,
  ) {}

  enter(
    room: MeetingRoom,
    voteId: string,
    counts: Counts,
    enteredBy: string,
    optionCounts?: HallOptions,
  ): Promise<TalliedVote> {
    return room.serial.run(async () => {
      const open = await this.voting.requireOpen(room, voteId);
      const entry = hallEntryFor(open.spec, counts, optionCounts);
      assertWithinCap(room, open, entry);
      const at = nowIso();
      const id = await this.repo.transaction(async (trx) => {
        const entryId = await insertHallCount(trx, open.id, entry, enteredBy, at);
        const data = {
          voteId: open.id,
          entryId,
          counts: entry.counts,
          ...(entry.optionCounts ? { options: entry.optionCounts } : {}),
          by: enteredBy,
          correction: open.hall !== null || open.hallOptions !== null || open.hallPending !== null,
        };
        await this.events.append(trx, room.id, { kind: 'hall.entered', data }, at);
        return entryId;
      });
      open.hallPending = { id, ...entry, enteredBy, enteredAt: at };
      return this.voting.current(room);
    });
  }

  confirm(room: MeetingRoom, voteId: string, entryId: number, by: string): Promise<TalliedVote> {
    return room.serial.run(async () => {
      const open = await this.voting.requireOpen(room, voteId);
      const pending = open.hallPending;
      if (!pending || pending.id !== entryId) {
        throw new AppError(ERROR_CODES.HALL_ENTRY_NOT_FOUND, 'No such pending hall count');
      }
      if (pending.enteredBy === by) {
        throw new AppError(ERROR_CODES.SAME_TELLER, 'A second person must confirm the count');
      }
      // Phones may have voted since the entry: the cap is checked again now.
      assertWithinCap(room, open, pending);
      const at = nowIso();
      await this.repo.transaction(async (trx) => {
        await confirmHallCount(trx, open.id, entryId, by, at);
        const data = {
          voteId: open.id,
          entryId,
          counts: pending.counts,
          ...(pending.optionCounts ? { options: pending.optionCounts } : {}),
          by,
        };
        await this.events.append(trx, room.id, { kind: 'hall.confirmed', data }, at);
      });
      open.hall = { ...pending.counts };
      open.hallOptions = pending.optionCounts ? { ...pending.optionCounts } : null;
      open.hallPending = null;
      return this.voting.current(room);
    });
  }
}

/** People (not marks: a multiple-choice hand count has several per person) against the cap. */
export function assertWithinCap(
  room: MeetingRoom,
  open: OpenVote,
  entry: Pick<HallEntry, 'counts' | 'optionCounts'>,
): void {
  const cap = open.view(room.eligibleVoters(), room.hallRoster()).tally.hallCap ?? 0;
  const voters = hallVoters(entry);
  if (voters > cap) {
    throw new AppError(
      ERROR_CODES.HALL_CAP_EXCEEDED,
      `The hall count (${voters}) exceeds the ${cap} voters present in the room without an electronic ballot`,
    );
  }
}
