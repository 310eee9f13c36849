import { z } from 'zod';
import { ladderPulseEvents } from './ladder-pulse';
import { meetingEvents } from './meeting';
import { votingEvents } from './voting';
import type { EventKind } from './kinds';

export { EVENT_KINDS, type EventKind } from './kinds';

/**
 * A typed domain event: `kind` and the `data` the hash chain commits to. Appended by
 * server/events/log.ts in the transaction of the change it describes.
 */
export const DomainEvent = z.discriminatedUnion('kind', [
  ...meetingEvents,
  ...votingEvents,
  ...ladderPulseEvents,
]);
export type DomainEvent = z.infer<typeof DomainEvent>;

/** The event of one kind, e.g. `EventOf<'vote.closed'>`. */
export type EventOf<K extends EventKind> = Extract<DomainEvent, { kind: K }>;
/** The data of one kind. */
export type EventData<K extends EventKind> = EventOf<K>['data'];
