import type { Channel, HiddenTally, Tally } from './voting';

const NONE: Readonly<Record<Channel, number>> = { room: 0, remote: 0, hall: 0 };

/**
 * People who voted per channel, from a full tally or a hidden one (which carries only this).
 * Option votes count people, not marks; the hall counts once its entry is confirmed.
 * Zod-free, so phones can import it.
 */
export function votersByChannel(tally: Tally | HiddenTally): Record<Channel, number> {
  if (tally.hidden) return { ...tally.voters };
  if (tally.secret) return { ...tally.secret.voters };
  if (tally.options) return { ...tally.options.voters };
  const out = { ...NONE };
  for (const channel of Object.keys(out) as Channel[]) {
    const c = tally.byChannel[channel];
    out[channel] = c.agree + c.oppose + c.abstain;
  }
  return out;
}
