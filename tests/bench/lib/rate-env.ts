/**
 * Every bench client comes from 127.0.0.1, while in a real hall each phone has its own LAN
 * address: the per-address caps (RATE_LIMITS in shared/limits.ts) are lifted for the bench.
 * Per-socket event budgets stay as they are.
 */
export const BENCH_RATE_ENV = {
  RATE_CONNECTIONS_PER_ADDRESS: '1000000',
  RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: '1000000',
  // REST lookups, joins and logins (server/http/limits.ts).
  RATE_LIMIT_FACTOR: '0',
} as const;
