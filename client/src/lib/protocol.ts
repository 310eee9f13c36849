/**
 * The client's door to `shared/`. Types come from anywhere in `shared/protocol`; values only
 * from its zod-free modules, because importing a value from a module that builds zod schemas
 * bundles zod for every phone (the build refuses it, see vite.config.ts).
 */
export type * from '../../../shared/protocol';
export {
  ERROR_CODES,
  type Ack,
  type AckError,
  type ErrorCode,
} from '../../../shared/protocol/errors';
export { PROTOCOL_VERSION } from '../../../shared/protocol/version';
export { optionDecision, optionOutcomeText } from '../../../shared/protocol/option-outcome';
export { LIMITS } from '../../../shared/limits';
export {
  AGENDA_ITEM_KEYS,
  COLLAB_CLOSE,
  COLLAB_PATH,
  isFinalCollabClose,
  YDOC_KEYS,
} from '../../../shared/collab';

export {
  ATTENDANCE,
  canVote,
  CHANNELS,
  CHOICES,
  LADDER_DECISIONS,
  LADDER_LEVELS,
  OUTCOMES,
  PARTICIPANT_ROLES,
  PLATFORM_LEVELS,
  PULSE_SCALE_ANSWERS,
  PULSE_SCALES,
  RECORD_ACCESS,
  SCREEN_MODES,
  STAFF_ROLES,
  USER_ROLES,
  OPTIONS_MAX,
  OPTIONS_MIN,
  VOTE_KINDS,
  VOTE_RULES,
} from '../../../shared/protocol/constants';
export { parseRosterText } from '../../../shared/protocol/roster-text';
export { resolveScreen, type ResolvedScreen, type ScreenView } from '../../../shared/screen-view';
export { nextItemOf } from '../../../shared/agenda-order';
