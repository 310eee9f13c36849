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

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A time of day (a receipt's storedAt, …) in the UI's locale, never the browser's:
 * zh-CN reads `14:59:23`, English `2:59:23 PM`. The one helper for times shown on the phone
 * and the console.
 */
export function formatTime(
  at: string | number | Date,
  locale: string | undefined,
  /** Off for lists where minutes are enough (the door's waiting list). */
  seconds = true,
): string {
  const lang = locale ?? 'zh-CN';
  const key = `${lang}|${seconds ? 's' : 'm'}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, {
      hour: 'numeric',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' as const } : {}),
    });
    timeFormats.set(key, format);
  }
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}
