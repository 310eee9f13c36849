import { randomBytes } from 'node:crypto';
import type { Attendance, JoinResult } from '../../shared/protocol';

export interface Waiting {
  /** Public id staff act on; the ticket (the phone's secret) is never shown to them. */
  id: string;
  ticket: string;
  name: string;
  attendance: Attendance;
  since: string;
}

type Decision = { status: 'admitted'; result: JoinResult } | { status: 'refused' };

/**
 * The door of one meeting (issue 9): joiners without a personal link wait here, in memory,
 * until staff admit or refuse them. A waiting person costs one small object and no database
 * row; the list is capped, and when it is full the oldest waiting person is dropped (their
 * phone is told to ask staff). Admitted people live on the roster, which this never touches,
 * so a flood at the door cannot push out anyone already in.
 */
export class WaitingList {
  private readonly byTicket = new Map<string, Waiting>();
  private readonly ticketOf = new Map<string, string>();
  private readonly decided = new Map<string, Decision>();

  constructor(
    private readonly cap: number,
    private readonly decidedCap: number,
  ) {}

  get size(): number {
    return this.byTicket.size;
  }

  /** Queues a joiner; returns the entry and whoever was dropped to make room. */
  add(name: string, attendance: Attendance, now: string): { entry: Waiting; dropped?: Waiting } {
    let dropped: Waiting | undefined;
    if (this.byTicket.size >= this.cap) {
      const oldest = this.byTicket.values().next().value;
      if (oldest) {
        this.remove(oldest);
        dropped = oldest;
      }
    }
    const entry: Waiting = {
      id: randomBytes(12).toString('base64url'),
      ticket: randomBytes(18).toString('base64url'),
      name,
      attendance,
      since: now,
    };
    this.byTicket.set(entry.ticket, entry);
    this.ticketOf.set(entry.id, entry.ticket);
    return dropped ? { entry, dropped } : { entry };
  }

  list(): Waiting[] {
    return [...this.byTicket.values()];
  }

  byId(id: string): Waiting | undefined {
    const ticket = this.ticketOf.get(id);
    return ticket ? this.byTicket.get(ticket) : undefined;
  }

  /** The phone's view: still waiting, decided, or unknown (dropped, expired, forged). */
  status(ticket: string): { status: 'waiting' } | Decision | null {
    if (this.byTicket.has(ticket)) return { status: 'waiting' };
    return this.decided.get(ticket) ?? null;
  }

  decide(entry: Waiting, decision: Decision): void {
    this.remove(entry);
    this.decided.set(entry.ticket, decision);
    if (this.decided.size > this.decidedCap) {
      const oldest = this.decided.keys().next().value;
      if (oldest !== undefined) this.decided.delete(oldest);
    }
  }

  private remove(entry: Waiting): void {
    this.byTicket.delete(entry.ticket);
    this.ticketOf.delete(entry.id);
  }
}
