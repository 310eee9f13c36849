import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined });
}

/** One child logger per subsystem, so logs can be filtered by `category`. */
export const category = (logger: Logger, name: string): Logger => logger.child({ category: name });
