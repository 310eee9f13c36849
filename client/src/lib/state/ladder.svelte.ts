import type { Ladder } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';
import { loadKeptLadder, saveKeptLadder } from './ladder-outbox';

/**
 * The meeting's latest consensus ladder, live: fetched on (re)connect, then pushed. On the phone
 * (`keep`: the meeting code) the last one seen is kept, so an offline reload still shows it.
 */
export class LadderStore {
  ladder: Ladder | null = $state(null);

  constructor(
    private readonly socket: MeetingSocket,
    private readonly keep?: string,
  ) {
    if (keep) this.ladder = loadKeptLadder(keep);
    socket.on('ladder:update', (ladder) => this.#set(ladder));
    socket.on('connect', () => void this.refresh());
    if (socket.connected) void this.refresh();
  }

  async refresh(): Promise<void> {
    const ack = await emitAck(this.socket, 'ladder:current', {});
    if (ack.ok) this.#set(ack.data);
  }

  #set(ladder: Ladder | null): void {
    this.ladder = ladder;
    if (this.keep) saveKeptLadder(this.keep, ladder);
  }
}
