import { EVENT_KINDS, type EventKind } from '../../shared/events';
import type { StoredEvent } from './log';

/** What the seam does after a commit; nothing outside tests. */
export type FaultSeam = (events: readonly StoredEvent[]) => void;

const NONE: FaultSeam = () => {};

/**
 * The test-only fault seam. `YUANBA_TEST_FAULTS=crash-after-commit:<event kind>` (with
 * `YUANBA_TEST=1`) kills this process with SIGKILL right after a transaction that appended an
 * event of that kind commits, before any consumer ran: the crash between commit and broadcast
 * that the outbox exists for (tests/integration/events-crash.test.ts). Without the test flag
 * the variable is refused (the server does not start), never silently honoured.
 */
export function faultSeam(config: {
  YUANBA_TEST_FAULTS?: string;
  YUANBA_TEST: boolean;
}): FaultSeam {
  const spec = config.YUANBA_TEST_FAULTS?.trim();
  if (!spec) return NONE;
  if (!config.YUANBA_TEST) {
    throw new Error('YUANBA_TEST_FAULTS is for tests only: it needs YUANBA_TEST=1');
  }
  const match = /^crash-after-commit:(.+)$/.exec(spec);
  const kind = match?.[1] as EventKind | undefined;
  if (!kind || !EVENT_KINDS.includes(kind)) {
    throw new Error(`YUANBA_TEST_FAULTS: expected crash-after-commit:<event kind>, got ${spec}`);
  }
  return (events) => {
    if (events.some((e) => e.kind === kind)) process.kill(process.pid, 'SIGKILL');
  };
}
