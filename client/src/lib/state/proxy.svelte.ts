import type { ClientErrorCode } from '../api';
import { randomId } from '../ids';
import type { Choice } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';

/** What was stored for a grantor: 同意/反对/弃权, or the picked options of an option vote. */
export type ProxyPick = { choice: Choice } | { options: number[] };

/**
 * The mandates this phone holds (委托表决) and what it cast for each grantor. A retry of the
 * same grantor and pick reuses its ballot id, so it counts once.
 */
export class ProxyStore {
  grantors: { id: string; name: string }[] = $state([]);
  cast: Record<string, ProxyPick> = $state({});
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

  async castFor(
    voteId: string,
    grantorId: string,
    pick: Choice | readonly number[],
  ): Promise<void> {
    const picked = typeof pick === 'string' ? { choice: pick } : { options: [...pick] };
    const key = `${voteId}:${grantorId}:${typeof pick === 'string' ? pick : pick.join(',')}`;
    const ballotId = this.#ids[key] ?? randomId();
    this.#ids[key] = ballotId;
    this.error = null;
    const ack = await emitAck(this.socket, 'vote:proxyCast', {
      voteId,
      grantorId,
      ...picked,
      ballotId,
    });
    if (!ack.ok) {
      this.error = ack.code;
      return;
    }
    const stored: ProxyPick | null = ack.data.options
      ? { options: ack.data.options }
      : ack.data.choice
        ? { choice: ack.data.choice }
        : null;
    if (stored) this.cast = { ...this.cast, [`${voteId}:${grantorId}`]: stored };
  }
}
