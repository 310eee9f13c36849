import { nextItemOf } from '../../shared/agenda-order';
import type { AgendaItem, TimerAction, TimerState } from '../../shared/protocol';

export const idleTimer = (durationSec = 0): TimerState => ({
  durationSec,
  runningSince: null,
  elapsedMs: 0,
});

export const elapsedMs = (timer: TimerState, now: number): number =>
  timer.elapsedMs + (timer.runningSince === null ? 0 : Math.max(0, now - timer.runningSince));

/** Pure timer transitions; `now` is injected so tests need no clock. */
export function applyTimer(
  timer: TimerState,
  action: TimerAction,
  now: number,
  durationSec?: number,
): TimerState {
  const duration = durationSec ?? timer.durationSec;
  switch (action) {
    case 'start':
      if (timer.runningSince !== null) return { ...timer, durationSec: duration };
      return { durationSec: duration, runningSince: now, elapsedMs: timer.elapsedMs };
    case 'pause':
      return { durationSec: duration, runningSince: null, elapsedMs: elapsedMs(timer, now) };
    case 'reset':
      return idleTimer(duration);
  }
}

/** The item after `currentId` in agenda order; the first when none (or a deleted one) is current. */
export function nextAgendaItem(
  agenda: readonly AgendaItem[],
  currentId: string | null,
): AgendaItem | null {
  return nextItemOf(agenda, currentId)?.item ?? null;
}
