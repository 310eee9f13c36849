import type { ClientErrorCode } from '../api';
import { randomId } from '../ids';
import type { BallotReceipt, Choice } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';

/**
 * The participant's own ballot in the open vote. The selection changes only when the server
 * has acknowledged it (`vote:cast` → receipt), so what the phone shows is what was counted.
 */
export class BallotStore {
  voteId: string | null = $state(null);
  /** The choice the server holds for us. */
  choice: Choice | null = $state(null);
  receipt: BallotReceipt | null = $state(null);
  /** The choice being sent, until its ack arrives. */
  pending: Choice | null = $state(null);
  error: ClientErrorCode | null = $state(null);

  /** Not reactive on purpose: ids only matter to the next `cast`. */
  #ballotIds: Partial<Record<Choice, string>> = {};

  constructor(private readonly socket: MeetingSocket) {}

  /** Follow the open vote; on a new vote (or after a reconnect) ask the server what we cast. */
  async follow(voteId: string | null, { refresh = false } = {}): Promise<void> {
    if (voteId === this.voteId && !refresh) return;
    if (voteId !== this.voteId) {
      this.voteId = voteId;
      this.choice = null;
      this.receipt = null;
      this.pending = null;
      this.error = null;
      this.#ballotIds = {};
    }
    if (!voteId) return;
    const ack = await emitAck(this.socket, 'vote:mine', { voteId });
    if (ack.ok && this.voteId === voteId && this.pending === null) this.choice = ack.data.choice;
  }

  async cast(choice: Choice): Promise<void> {
    const voteId = this.voteId;
    if (!voteId || this.pending || choice === this.choice) return;
    this.pending = choice;
    this.error = null;
    // Re-sending the same choice (e.g. after a timeout) reuses its id, so it counts once.
    const ballotId = this.#ballotIds[choice] ?? randomId();
    this.#ballotIds[choice] = ballotId;
    const ack = await emitAck(this.socket, 'vote:cast', { voteId, choice, ballotId });
    if (this.voteId !== voteId) return;
    this.pending = null;
    if (ack.ok) {
      this.choice = ack.data.choice;
      this.receipt = ack.data;
      delete this.#ballotIds[choice];
    } else {
      this.error = ack.code;
    }
  }
}
