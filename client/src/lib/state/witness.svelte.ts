import type { AssistRequest } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';

/**
 * Requests to witness an assisted vote: pushed to this phone (`assist:request`), and asked
 * for on every (re)connect, so a reloaded phone or a restarted server loses none.
 */
export class WitnessStore {
  requests: AssistRequest[] = $state([]);
  confirmed: string[] = $state([]);

  constructor(private readonly socket: MeetingSocket) {
    socket.on('assist:request', (request) => this.#add([request]));
    socket.on('connect', () => void this.refresh());
    if (socket.connected) void this.refresh();
  }

  async refresh(): Promise<void> {
    const ack = await emitAck(this.socket, 'vote:assistPending', {});
    if (ack.ok) this.#add(ack.data);
  }

  #add(requests: readonly AssistRequest[]): void {
    const fresh = (r: AssistRequest) => !requests.some((n) => n.requestId === r.requestId);
    this.requests = [...this.requests.filter(fresh), ...requests];
  }

  async confirm(request: AssistRequest): Promise<boolean> {
    const ack = await emitAck(this.socket, 'vote:witness', {
      voteId: request.voteId,
      requestId: request.requestId,
    });
    // Confirmed, or the vote closed / request gone: either way it leaves the list.
    this.requests = this.requests.filter((r) => r.requestId !== request.requestId);
    if (ack.ok) this.confirmed = [...this.confirmed, request.voterName];
    return ack.ok;
  }
}
