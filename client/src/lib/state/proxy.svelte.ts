import type { ClientErrorCode } from '../api';
import { randomId } from '../ids';
import type { Choice } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';

/**
 * The mandates this phone holds (委托表决) and the choices it cast for each grantor. A retry
 * of the same grantor and choice reuses its ballot id, so it counts once.
 */
export class ProxyStore {
  grantors: { id: string; name: string }[] = $state([]);
  cast: Record<string, Choice> = $state({});
  error: ClientErrorCode | null = $state(null);
  /** Not reactive on purpose: ids only matter to the next cast. */
  #ids: Record<string, string> = {};

  constructor(private readonly socket: MeetingSocket) {
    socket.on('connect', () => void this.refresh());
    socket.on('mandates:changed', () => void this.refresh());
    if (socket.connected) void this.refresh();
  }

  async refresh(): Promise<void> {
    const ack = await emitAck(this.socket, 'vote:mandates', {});
    if (ack.ok) this.grantors = ack.data;
  }

  async castFor(voteId: string, grantorId: string, choice: Choice): Promise<void> {
    const key = `${voteId}:${grantorId}:${choice}`;
    const ballotId = this.#ids[key] ?? randomId();
    this.#ids[key] = ballotId;
    this.error = null;
    const ack = await emitAck(this.socket, 'vote:proxyCast', {
      voteId,
      grantorId,
      choice,
      ballotId,
    });
    // Proxy ballots from this panel are 同意/反对/弃权; option votes are cast on the API.
    if (ack.ok && ack.data.choice) {
      this.cast = { ...this.cast, [`${voteId}:${grantorId}`]: ack.data.choice };
    } else if (!ack.ok) this.error = ack.code;
  }
}
