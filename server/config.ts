import { z } from 'zod';
import { RATE_LIMITS } from '../shared/limits';

const budget = (fallback: number) =>
  z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** Base URL for QR codes; when unset, the request's own origin is used. */
  PUBLIC_URL: z.url().optional(),
  /**
   * HTTPS beside plain HTTP on PORT, with a local CA in DATA_DIR/tls (phones need a secure
   * context for the microphone). `auto`: on unless HOST is loopback or PUBLIC_URL is set.
   * Phones are still given http:// (no certificate warning before a vote); a phone that trusts
   * the CA moves itself to https:// (client/src/lib/secure-upgrade.ts).
   */
  HTTPS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** HMAC key for participant tokens; generated into DATA_DIR/secret when unset. */
  SECRET: z.string().min(16).optional(),
  /**
   * The Ed25519 key that signs every meeting record; generated into
   * DATA_DIR/record-signing-key.pem when unset. `npm run backup` includes it (unless
   * --no-key), so that a restored server signs with the same key: keep backups private.
   */
  RECORD_KEY_FILE: z.string().optional(),
  /** A meeting nobody is connected to leaves memory after this long (reloaded when asked). */
  MEETING_IDLE_SEC: z.coerce.number().int().min(1).max(86_400).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STATIC_DIR: z.string().default('./dist/client'),
  /** Multiplies every request budget in server/http/limits.ts; 0 turns them off (benchmarks). */
  RATE_LIMIT_FACTOR: z.coerce.number().min(0).max(1000).default(1),
  /** `false` runs meetings without audio (no mediasoup worker is started). */
  AUDIO_ENABLED: z.stringbool().default(true),
  /** mediasoup workers in the pool; 0 means one per CPU core. */
  AUDIO_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  /** Where the SFU listens for WebRTC (UDP, then TCP). Listen on what you announce. */
  AUDIO_LISTEN_IP: z.string().default('0.0.0.0'),
  /** The address browsers are told to send media to (the LAN or public IP). */
  AUDIO_ANNOUNCED_ADDRESS: z.string().optional(),
  AUDIO_RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  AUDIO_RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
  /** One UDP/TCP port per worker (this one, +1, …) instead of a port range: firewall friendly. */
  AUDIO_WEBRTC_SERVER_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  /**
   * The read-aloud clip for phones without a Chinese voice (server/speech): espeak-ng (Debian
   * 12's, with its `cmn-latn-pinyin` voice) and lame. Missing, the clip is reported unavailable.
   */
  ESPEAK_BIN: z.string().default('espeak-ng'),
  LAME_BIN: z.string().default('lame'),
  /** Flood budgets; defaults and meaning in RATE_LIMITS (shared/limits.ts). */
  RATE_SOCKET_EVENTS_PER_SEC: budget(RATE_LIMITS.socketEventsPerSec),
  RATE_SOCKET_EVENTS_BURST: budget(RATE_LIMITS.socketEventsBurst),
  RATE_SOCKET_STRIKES: budget(RATE_LIMITS.socketStrikes),
  RATE_SOCKET_IN_FLIGHT: budget(RATE_LIMITS.socketEventsInFlight),
  RATE_COLLAB_MESSAGES_PER_SEC: budget(RATE_LIMITS.collabMessagesPerSec),
  RATE_COLLAB_MESSAGES_BURST: budget(RATE_LIMITS.collabMessagesBurst),
  RATE_CONNECTIONS_PER_ADDRESS: budget(RATE_LIMITS.connectionsPerAddress),
  RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: budget(RATE_LIMITS.handshakesPerAddressPerMin),
  /**
   * Benchmarks only, never in production: `true` broadcasts no room or participant changes
   * (clients get their snapshot on connect and nothing after), the baseline of
   * `npm run bench -- join-storm`.
   */
  BENCH_NO_ROOM_BROADCAST: z.stringbool().default(false),
  /**
   * Tests only (server/events/faults.ts): `crash-after-commit:<event kind>` makes the process
   * SIGKILL itself right after the commit of such an event, before any consumer ran. Honoured
   * only together with YUANBA_TEST=1; set without it, the server refuses to start.
   */
  YUANBA_TEST_FAULTS: z.string().optional(),
  YUANBA_TEST: z.stringbool().default(false),
});

export type Config = z.infer<typeof Config>;

/** Parsed once at start-up; a bad variable stops the server with a message naming it. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = Config.safeParse(env);
  if (!result.success) {
    throw new Error(`Invalid configuration:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
