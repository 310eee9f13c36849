/**
 * The laptop's addresses can change while Yuanba runs: started before the hotspot was on, or
 * moved to another one. Every few seconds the certificate is checked against the current
 * addresses and, when one is missing, issued again from the same CA and served to the next
 * handshakes, without a restart (phones keep trusting the CA).
 */
import type { Logger } from '../logger';
import type { DualServer } from './sniff';
import { loadTls } from './store';

export const RECHECK_MS = 5_000;

export function renewOnAddressChange(
  dataDir: string,
  dual: Pick<DualServer, 'setCertificate'>,
  log: Logger,
  everyMs = RECHECK_MS,
): () => void {
  const timer = setInterval(() => {
    try {
      const next = loadTls(dataDir);
      if (!next.reissued) return;
      dual.setCertificate(next.key, next.cert);
      log.info({ reason: next.reissued }, 'certificate issued for the new addresses');
    } catch (err) {
      log.warn({ err }, 'certificate check failed; the current one stays');
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
