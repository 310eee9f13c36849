import type { ClientErrorCode } from '../api';
import { randomId } from '../ids';
import type { BallotReceipt, Choice } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';
import { loadBallot, saveBallot, type BallotMemory } from './ballot-outbox';

/**
 * How long a ballot waits for its ack on an open connection before the phone takes the link
 * for stalled and resends on a fresh one: the server answers in milliseconds, a hotspot at
 * 150 ms RTT and 3 % loss in under 2 s (p99), and the goal is every ballot acknowledged
 * within 10 s (tests/bench/scenarios/shaped-network.ts).
 */
export const BALLOT_ACK_TIMEOUT_MS = 5_000;

/**
 * The participant's own ballot in the open vote. `choice`/`picks` change only when the server
 * has acknowledged them (`vote:cast` → receipt), so what the phone calls counted was counted;
 * a ballot not yet acknowledged is `pending` and shown as such (lib/ballot-view.ts).
 * A ballot cast while offline is queued (durably, see ballot-outbox.ts) and sent on
 * reconnect with the same ballotId, so however often it is resent it counts once.
 */
export class BallotStore {
  voteId: string | null = $state(null);
  /** The choice the server holds for us. */
  choice: Choice | null = $state(null);
  receipt: BallotReceipt | null = $state(null);
  /** Option votes: the option indices the server holds for us. */
  picks: number[] | null = $state(null);
  /** The choice being sent, until its ack arrives. */
  pending: Choice | null = $state(null);
  /** Option votes: the picks being sent, until their ack arrives. */
  pendingPicks: number[] | null = $state(null);
  /** The pending ballot waits for the connection to come back. */
  queued = $state(false);
  error: ClientErrorCode | null = $state(null);
  /** A ballot is on the wire, its answer not back yet: it can't be replaced until it is. */
  sending = $state(false);

  #memory: BallotMemory | null = null;
  #secret = false;

  constructor(private readonly socket: MeetingSocket) {
    socket.on('connect', () => void this.flush());
    socket.on('disconnect', () => {
      if (this.pending || this.pendingPicks) this.queued = true;
    });
  }

  /** Follow the open vote; on a new vote (or after a reconnect) ask the server what we cast. */
  async follow(voteId: string | null, { refresh = false, secret = false } = {}): Promise<void> {
    if (voteId === this.voteId && !refresh) return;
    if (voteId !== this.voteId) {
      this.voteId = voteId;
      this.#secret = secret;
      this.#memory = voteId ? loadBallot(voteId) : null;
      this.receipt = this.#memory?.receipt ?? null;
      this.choice = this.receipt?.choice ?? null;
      this.picks = this.receipt?.options ?? null;
      this.pending = this.#memory?.pending?.choice ?? null;
      this.pendingPicks = this.#memory?.pending?.options ?? null;
      this.error = null;
    }
    if (!voteId) return;
    if (this.#memory?.pending) {
      await this.flush();
      return;
    }
    // A secret ballot is not linked to us on the server: only this phone's receipt knows.
    if (secret) return;
    const ack = await emitAck(this.socket, 'vote:mine', { voteId });
    if (ack.ok && this.voteId === voteId && !this.#memory?.pending) {
      this.choice = ack.data.choice;
      this.picks = ack.data.options ?? null;
    }
  }

  /** Option votes: sends the picked option indices, queued offline like any ballot. */
  async castOptions(picks: number[]): Promise<void> {
    const voteId = this.voteId;
    const memory = this.#memory;
    if (!voteId || !memory || this.sending || picks.length === 0) return;
    const sorted = [...picks].sort((a, b) => a - b);
    if (memory.pending?.options?.join(',') === sorted.join(',')) return;
    memory.pending = { options: sorted, ballotId: randomId() };
    saveBallot(voteId, memory);
    this.pendingPicks = sorted;
    this.error = null;
    await this.flush();
  }

  async cast(choice: Choice): Promise<void> {
    const voteId = this.voteId;
    const memory = this.#memory;
    if (!voteId || !memory || this.sending) return;
    if (memory.pending ? memory.pending.choice === choice : choice === this.choice) return;
    // A queued ballot not on the wire may be replaced by a new choice (a new id): if the old
    // one did reach the server, the new one changes it, as any change does.
    memory.pending = { choice, ballotId: randomId() };
    saveBallot(voteId, memory);
    this.pending = choice;
    this.error = null;
    await this.flush();
  }

  /** Sends the pending ballot, if any; on a timeout or while offline it stays queued. */
  async flush(): Promise<void> {
    const voteId = this.voteId;
    const memory = this.#memory;
    const pending = memory?.pending;
    if (!voteId || !memory || !pending || this.sending) return;
    if (!this.socket.connected) {
      this.queued = true;
      return;
    }
    this.sending = true;
    const payload = {
      voteId,
      ...(pending.options ? { options: pending.options } : { choice: pending.choice }),
      ballotId: pending.ballotId,
      ...(this.#secret ? { secretToken: memory.secretToken } : {}),
    };
    const ack = await emitAck(this.socket, 'vote:cast', payload, BALLOT_ACK_TIMEOUT_MS);
    this.sending = false;
    if (this.voteId !== voteId) return;
    if (!ack.ok && (ack.code === 'TIMEOUT' || ack.code === 'NETWORK')) {
      // Still queued: the next connect resends the same ballot id. No answer on a connection
      // that is still open means it is stalled, and a resend on it would wait behind the lost
      // packets (it used to, ack at ~15 s): resend on a fresh connection instead.
      this.queued = true;
      if (this.socket.connected) this.socket.reconnect();
      return;
    }
    memory.pending = null;
    this.pending = null;
    this.pendingPicks = null;
    this.queued = false;
    if (ack.ok) {
      memory.receipt = ack.data;
      this.choice = ack.data.choice ?? null;
      this.picks = ack.data.options ?? null;
      this.receipt = ack.data;
      this.error = null;
    } else {
      this.error = ack.code;
    }
    saveBallot(voteId, memory);
  }
}
