import type { Ladder } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';

/** The meeting's latest consensus ladder, live: fetched on (re)connect, then pushed. */
export class LadderStore {
  ladder: Ladder | null = $state(null);

  constructor(private readonly socket: MeetingSocket) {
    socket.on('ladder:update', (ladder) => (this.ladder = ladder));
    socket.on('connect', () => void this.refresh());
    if (socket.connected) void this.refresh();
  }

  async refresh(): Promise<void> {
    const ack = await emitAck(this.socket, 'ladder:current', {});
    if (ack.ok) this.ladder = ack.data;
  }
}
