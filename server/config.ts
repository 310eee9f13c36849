import { z } from 'zod';

const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** Base URL for QR codes; when unset, the request's own origin is used. */
  PUBLIC_URL: z.url().optional(),
  /** HMAC key for participant tokens; generated into DATA_DIR/secret when unset. */
  SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STATIC_DIR: z.string().default('./dist/client'),
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
