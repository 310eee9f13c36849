import { pino } from 'pino';
import { startServer } from './app';
import { parseConfig } from './config';
import { phoneBanner } from './http/banner';

const running = await startServer(parseConfig());

// A person at the laptop sees where phones go, and a QR code of it; logs piped elsewhere stay
// JSON lines (the address is in the "Yuanba is listening" line).
if (process.stdout.isTTY) {
  // Through the logger's own stream (pino writes asynchronously): after the lines before it.
  const out = (running.log as unknown as Record<symbol, { write(text: string): void }>)[
    pino.symbols.streamSym
  ];
  out?.write(await phoneBanner(running.phoneUrl, running.url, running.trustUrl));
}

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

/** A stop that hangs (a stuck connection) still ends, before a supervisor's SIGKILL would. */
const SHUTDOWN_LIMIT_MS = 8_000;

// A normal stop (a service manager, an update) is a restart for the room: clients are told
// nothing final and reconnect by themselves (server/realtime/io.ts, collab close 1012). In-flight
// writes (ballots, doc updates) finish before the process exits.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      running.log.warn('shutdown took too long: exiting');
      process.exit(0);
    }, SHUTDOWN_LIMIT_MS).unref();
    void running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
