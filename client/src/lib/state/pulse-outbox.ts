import type { PulseAnswer } from '../protocol';

/**
 * A temperature-check answer tapped while offline (or whose ack never came), in localStorage so
 * that it survives a reload or a closed tab and is sent when the phone is back. Only the latest
 * answer per check is kept. Resending is safe: the server keeps one answer per person and check
 * (server/pulse/tally.ts), so the same answer sent twice is counted once, and a newer answer
 * replaces an older one as any change does.
 */
const key = (pulseId: string) => `yuanba.pulse.${pulseId}`;

export function loadPendingPulse(pulseId: string): PulseAnswer | null {
  try {
    return (globalThis.localStorage?.getItem(key(pulseId)) as PulseAnswer | null) ?? null;
  } catch {
    return null;
  }
}

export function savePendingPulse(pulseId: string, answer: PulseAnswer | null): void {
  try {
    if (answer === null) globalThis.localStorage?.removeItem(key(pulseId));
    else globalThis.localStorage?.setItem(key(pulseId), answer);
  } catch {
    // disabled storage: the answer is still sent while the page stays open
  }
}
