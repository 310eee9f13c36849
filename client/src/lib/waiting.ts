import { hasString, readStored, writeStored } from './device-storage';

/** The ticket of a phone waiting at the door, kept so a reload keeps its place. */
export const ticketKey = (code: string): string => `yb:ticket:${code}`;

export interface StoredTicket {
  ticket: string;
  name: string;
}

const isTicket = (value: unknown): value is StoredTicket =>
  hasString(value, 'ticket') && hasString(value, 'name');

export function loadTicket(code: string): StoredTicket | null {
  const stored = readStored(ticketKey(code), isTicket);
  return stored && { ticket: stored.ticket, name: stored.name };
}

/** Keeps the ticket so a reload keeps its place; null forgets it. */
export function saveTicket(code: string, ticket: StoredTicket | null): void {
  writeStored(ticketKey(code), ticket);
}
