import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** 21 url-safe random characters (126 bits). */
export function newId(): string {
  const bytes = randomBytes(21);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

/** A 6-digit meeting code; uniqueness is checked by the caller against open meetings. */
export const newMeetingCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const nowIso = (): string => new Date().toISOString();
