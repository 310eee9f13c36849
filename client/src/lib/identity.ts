import { hasString, readStored, writeStored } from './device-storage';
import type { Participant } from './protocol';

/** What a participant keeps on the device so a reload or a second tab stays the same person. */
export interface StoredIdentity {
  token: string;
  participant: Participant;
}

export const identityKey = (code: string): string => `yb:participant:${code}`;

const isIdentity = (value: unknown): value is StoredIdentity =>
  hasString(value, 'token') &&
  'participant' in value &&
  typeof value.participant === 'object' &&
  value.participant !== null;

/** The stored identity, or null on a first visit (or in private mode). */
export function loadIdentity(code: string): StoredIdentity | null {
  return readStored(identityKey(code), isIdentity);
}

export function saveIdentity(code: string, identity: StoredIdentity): void {
  writeStored(identityKey(code), identity);
}

export function clearIdentity(code: string): void {
  writeStored(identityKey(code), null);
}
