import { hasString, readStored, writeStored } from './device-storage';
import type { ParticipantSelf } from './protocol';

/** What a participant keeps on the device so a reload or a second tab stays the same person. */
export interface StoredIdentity {
  token: string;
  /** With the permissions the server sent (never derived here from the role). */
  participant: ParticipantSelf;
}

export const identityKey = (code: string): string => `yb:participant:${code}`;

const isIdentity = (value: unknown): value is StoredIdentity =>
  hasString(value, 'token') &&
  'participant' in value &&
  typeof value.participant === 'object' &&
  value.participant !== null;

/** The stored identity, or null on a first visit (or in private mode). */
export function loadIdentity(code: string): StoredIdentity | null {
  const stored = readStored(identityKey(code), isIdentity);
  // Kept before the server sent permissions: none until it does (GET …/me, self:update).
  if (stored) stored.participant.permissions ??= [];
  return stored;
}

export function saveIdentity(code: string, identity: StoredIdentity): void {
  writeStored(identityKey(code), identity);
}

export function clearIdentity(code: string): void {
  writeStored(identityKey(code), null);
}
