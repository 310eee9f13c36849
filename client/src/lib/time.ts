import type { TimerState } from './protocol';

/** Milliseconds left on the timer at server time `serverNow`; negative once over time. */
export function remainingMs(timer: TimerState, serverNow: number): number {
  const running = timer.runningSince === null ? 0 : Math.max(0, serverNow - timer.runningSince);
  return timer.durationSec * 1000 - (timer.elapsedMs + running);
}

/** `mm:ss` (minutes may exceed 59); over time is shown as `+mm:ss`. */
export function formatClock(ms: number): string {
  const over = ms < 0;
  // Round up while counting down (10.2 s left shows 00:11), down once over.
  const totalSec = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const mm = String(Math.floor(totalSec / 60)).padStart(2, '0');
  const ss = String(totalSec % 60).padStart(2, '0');
  return `${over ? '+' : ''}${mm}:${ss}`;
}
