import type { AssistRequest } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';

/** Requests to witness an assisted vote, pushed to this phone (`assist:request`). */
export class WitnessStore {
  requests: AssistRequest[] = $state([]);
  confirmed: string[] = $state([]);

  constructor(private readonly socket: MeetingSocket) {
    socket.on('assist:request', (request) => {
      this.requests = [...this.requests.filter((r) => r.requestId !== request.requestId), request];
    });
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
