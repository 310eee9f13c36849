import { listWaiting } from '../api';
import type { WaitingEntry } from '../protocol';
import type { MeetingSocket } from '../socket';

/** Staff view of the door (`waiting:list`), loaded once over REST then kept live. */
export class WaitingStore {
  list: WaitingEntry[] = $state([]);

  constructor(
    private readonly code: string,
    socket: MeetingSocket,
  ) {
    socket.on('waiting:list', (list) => {
      this.list = list;
    });
  }

  async load(): Promise<void> {
    const result = await listWaiting(this.code);
    if (result.ok) this.list = result.data;
  }

  drop(id: string): void {
    this.list = this.list.filter((w) => w.id !== id);
  }
}
