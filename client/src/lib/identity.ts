import type { Participant } from './protocol';

/** What a participant keeps on the device so a reload or a second tab stays the same person. */
export interface StoredIdentity {
  token: string;
  participant: Participant;
}

export const identityKey = (code: string): string => `yb:participant:${code}`;

export function loadIdentity(code: string): StoredIdentity | null {
  try {
    const raw = localStorage.getItem(identityKey(code));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      'token' in value &&
      typeof value.token === 'string' &&
      'participant' in value &&
      typeof value.participant === 'object' &&
      value.participant !== null
    ) {
      return value as StoredIdentity;
    }
  } catch {
    // private mode or a corrupt entry: behave as a first visit
  }
  return null;
}

export function saveIdentity(code: string, identity: StoredIdentity): void {
  try {
    localStorage.setItem(identityKey(code), JSON.stringify(identity));
  } catch {
    // storage full or disabled: the identity lives as long as the tab
  }
}

export function clearIdentity(code: string): void {
  try {
    localStorage.removeItem(identityKey(code));
  } catch {
    // nothing to clear
  }
}
