import { startServer } from './app';
import { parseConfig } from './config';

const running = await startServer(parseConfig());

// One failed background task (a broadcast, a compaction) must not take the meeting down.
process.on('unhandledRejection', (err) => running.log.error({ err }, 'unhandled rejection'));
// Last resort only: every network input is handled where it arrives (see tests/security). An
// exception that still gets here is a bug; it is logged with its cause, then the process exits
// as it would have (state after an unknown throw cannot be trusted; a supervisor restarts it,
// and nothing acknowledged is lost across a restart).
process.on('uncaughtException', (err) => {
  running.log.fatal({ err }, 'uncaught exception: exiting');
  process.exit(1);
});

// Finish in-flight writes (ballots, doc updates) before exiting on a normal stop.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.log.info({ signal }, 'shutting down');
    void running.close().then(() => process.exit(0));
  });
}
