import { listParticipants } from '../api';
import { applyParticipantsPatch } from '../participants-patch';
import type { Participant } from '../protocol';
import type { MeetingSocket } from '../socket';

/**
 * Staff view of who joined: loaded over REST, a `participants:list` snapshot on connect, then
 * `participants:patch` deltas (changed people whole, new ones at the end, removed ids).
 */
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
    socket.on('participants:patch', (patch) => {
      this.list = applyParticipantsPatch(this.list, patch);
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
