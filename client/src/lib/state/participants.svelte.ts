import { listParticipants } from '../api';
import type { Participant } from '../protocol';
import type { MeetingSocket } from '../socket';

/** Staff view of who joined (`participants:list`), loaded once over REST then kept live. */
export class ParticipantsStore {
  list: Participant[] = $state([]);
  online = $derived(this.list.filter((p) => p.online).length);

  constructor(
    private readonly code: string,
    socket: MeetingSocket,
  ) {
    socket.on('participants:list', (list) => {
      this.list = list;
    });
  }

  async load(): Promise<void> {
    const result = await listParticipants(this.code);
    if (result.ok) this.list = result.data;
  }

  replace(participant: Participant): void {
    this.list = this.list.map((p) => (p.id === participant.id ? participant : p));
  }
}
