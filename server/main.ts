import { startServer } from './app';
import { parseConfig } from './config';

const running = await startServer(parseConfig());

// One failed background task (a broadcast, a compaction) must not take the meeting down.
process.on('unhandledRejection', (err) => running.log.error({ err }, 'unhandled rejection'));

// Finish in-flight writes (ballots, doc updates) before exiting on a normal stop.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.log.info({ signal }, 'shutting down');
    void running.close().then(() => process.exit(0));
  });
}
