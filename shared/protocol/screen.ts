import { z } from 'zod';
import { Id, type Timestamp } from './common';
import type { Vote } from './voting';
import { SCREEN_MODES } from './constants';

export const ScreenMode = z.enum(SCREEN_MODES);
export type ScreenMode = z.infer<typeof ScreenMode>;

/**
 * `screen:show`: the facilitator's choice. `voteId` only with `result`: a closed vote of this
 * meeting to show instead of the latest decision.
 */
export const ScreenShowPayload = z
  .strictObject({ mode: ScreenMode, voteId: Id.optional() })
  .refine((p) => p.voteId === undefined || p.mode === 'result', {
    message: 'voteId is only for the result mode',
    path: ['voteId'],
  });
export type ScreenDirection = z.infer<typeof ScreenShowPayload>;

/** `RoomState.screen`: the direction as the server holds it, with what the screen needs. */
export interface ScreenState extends ScreenDirection {
  /** With `result` + `voteId`: that closed vote (null when it is `RoomState.vote` itself). */
  pinned: Vote | null;
  /**
   * When the current agenda item was set: a result decided before it belongs to an earlier
   * item and is stale. Null when unknown (no item set since this was recorded).
   */
  itemSince: Timestamp | null;
}
