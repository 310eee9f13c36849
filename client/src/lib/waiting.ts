/** The ticket of a phone waiting at the door, kept so a reload keeps its place. */
export const ticketKey = (code: string): string => `yb:ticket:${code}`;

export interface StoredTicket {
  ticket: string;
  name: string;
}

export function loadTicket(code: string): StoredTicket | null {
  try {
    const raw = localStorage.getItem(ticketKey(code));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      'ticket' in value &&
      typeof value.ticket === 'string' &&
      'name' in value &&
      typeof value.name === 'string'
    ) {
      return { ticket: value.ticket, name: value.name };
    }
  } catch {
    // private mode or a corrupt entry
  }
  return null;
}

export function saveTicket(code: string, ticket: StoredTicket | null): void {
  try {
    if (ticket) localStorage.setItem(ticketKey(code), JSON.stringify(ticket));
    else localStorage.removeItem(ticketKey(code));
  } catch {
    // the wait lasts as long as the tab
  }
}
