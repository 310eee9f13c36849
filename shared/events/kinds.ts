/**
 * The kinds of domain event (server/events): every change to a meeting that others follow or
 * the record must prove. Zod-free, so a browser may import the list. The schema of each kind is
 * in the sibling modules (`DomainEvent` in ./index.ts).
 */
export const EVENT_KINDS = [
  // The meeting itself (meeting.ts)
  'meeting.started',
  'meeting.closed',
  /** The minutes as frozen at close (sha256 of their canonical JSON), committed with the close. */
  'minutes.frozen',
  'item.changed',
  'settings.changed',
  'staff.changed',
  /** Roles and attendance: roster entries added/removed, edits, check-ins, reissued links. */
  'roster.added',
  'roster.removed',
  'participant.changed',
  'participant.checkedIn',
  'link.reissued',
  /** The record (纪要) was built, signed and stored by its consumer. */
  'record.signed',
  // Votes (voting.ts)
  'vote.opened',
  'quorum.set',
  /** One group commit of ballots: counts only, never who or what. */
  'ballots.received',
  'ballot.assisted',
  'ballot.proxy',
  'ballot.proxyReplaced',
  'hall.entered',
  'hall.confirmed',
  'vote.closed',
  'mandate.registered',
  // Consensus ladders and temperature checks (ladder-pulse.ts)
  'ladder.opened',
  'ladder.position',
  'ladder.revised',
  'ladder.decided',
  'pulse.kept',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];
