import { listVotes } from '../api';
import type { AgendaItem, ErrorCode, PulseState, RoomPatch, RoomState, Vote } from '../protocol';
import { handshakeErrorCode, type MeetingSocket } from '../socket';
import { remainingMs } from '../time';

/**
 * `connecting` until the first connect; `reconnecting` while Socket.IO retries; `refused`
 * when the server turned the handshake down or disconnected us (no retry).
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/**
 * The room as the server sends it (a `room:state` snapshot on connect, `room:patch` deltas
 * after, `vote:update`), with the clock offset
 * that turns the server's timer into a local countdown. One per page; `close()` on leave.
 */
export class RoomStore {
  state: RoomState | null = $state(null);
  /** The open vote, or the one that just closed (until a new one opens or the item changes). */
  vote: Vote | null = $state(null);
  /** The temperature check: from the room state, then live counts (`pulse:update`, screens and
   * staff only). Both are sent as they stand when sent, so the last one to arrive is current. */
  pulse: PulseState | null = $state(null);
  connection: ConnectionStatus = $state('connecting');
  /** Why the server refused us, when `connection` is `refused`. */
  refusal: ErrorCode | null = $state(null);
  /**
   * The state shown is the last one kept on this phone (`restore`), not yet confirmed by the
   * server: the phone page says it is offline.
   */
  stale = $state(false);
  /** Server time now (local clock corrected by `serverNow`); ticks while the timer runs. */
  now = $state(Date.now());

  /**
   * The room with the newest vote and temperature check: `vote:update` and `pulse:update` land
   * between two `room:state`s, and the store drops a closed vote when the item changes.
   */
  live: RoomState | null = $derived(
    this.state ? { ...this.state, vote: this.vote ?? this.state.vote, pulse: this.pulse } : null,
  );
  currentItem: AgendaItem | null = $derived(
    this.state?.agenda.find((item) => item.id === this.state?.currentItemId) ?? null,
  );
  remainingMs = $derived(this.state ? remainingMs(this.state.timer, this.now) : 0);
  timerRunning = $derived(this.state?.timer.runningSince != null);
  /** Time left in the current speaker's turn (negative once over), null without a floor. */
  floorRemainingMs = $derived.by(() => {
    const floor = this.state?.speakers.floor;
    return floor ? floor.since + floor.durationSec * 1000 - this.now : null;
  });

  #offset = 0;
  #tick: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(
    readonly code: string,
    readonly socket: MeetingSocket,
  ) {
    socket.on('connect', () => {
      this.connection = 'connected';
      this.refusal = null;
    });
    socket.on('disconnect', () => {
      if (this.#closed) return;
      // `active` is false when the server itself disconnected us: Socket.IO will not retry.
      this.connection = socket.active ? 'reconnecting' : 'refused';
    });
    socket.on('connect_error', (err) => {
      if (socket.active) {
        this.connection = this.state ? 'reconnecting' : 'connecting';
        return;
      }
      this.connection = 'refused';
      this.refusal = handshakeErrorCode(err) ?? 'INTERNAL';
    });
    socket.on('room:state', (state) => this.applyState(state));
    // A delta before any snapshot cannot happen on one connection; ignore it if it does.
    socket.on('room:patch', (patch) => this.state && this.applyState(this.state, patch));
    socket.on('vote:update', (vote) => this.applyVote(vote));
    socket.on('pulse:update', (pulse) => (this.pulse = pulse));
  }

  /** Shows a kept state until the server sends the live one (room-snapshot.ts). */
  restore(state: RoomState): void {
    if (this.state) return;
    this.state = state;
    this.vote = state.vote;
    this.pulse = state.pulse ?? null;
    this.stale = true;
  }

  /** A snapshot, or (`patch`) the fields that changed since the last one. */
  applyState(last: RoomState, patch: RoomPatch | RoomState = last): void {
    const state = patch === last ? last : { ...last, ...patch };
    this.stale = false;
    this.#offset = state.serverNow - Date.now();
    const previousItem = this.state?.currentItemId;
    const previousVote = this.vote;
    this.state = state;
    if ('pulse' in patch) this.pulse = state.pulse ?? null;
    this.now = Date.now() + this.#offset;
    this.#schedule();

    if (!('vote' in patch)) {
      // Unchanged: a newer `vote:update` may have landed since; only a kept result may go.
      if (!state.vote && previousVote && previousVote.status !== 'open') {
        if (previousItem !== state.currentItemId) this.vote = null;
      }
    } else if (state.vote) {
      this.applyVote(state.vote);
    } else if (previousVote?.status === 'open') {
      // The vote closed while we looked away: fetch its outcome rather than drop it.
      this.vote = { ...previousVote, status: 'closed' };
      void this.#fetchClosed(previousVote.id);
    } else if (previousVote && previousItem !== state.currentItemId) {
      this.vote = null;
    }
  }

  applyVote(vote: Vote): void {
    const current = this.vote;
    // A late tally for a vote we already know is closed must not reopen it.
    if (
      current &&
      current.id === vote.id &&
      current.status === 'closed' &&
      vote.status === 'open'
    ) {
      return;
    }
    this.vote = vote;
  }

  async #fetchClosed(voteId: string): Promise<void> {
    const result = await listVotes(this.code);
    if (!result.ok || this.#closed) return;
    const vote = result.data.find((v) => v.id === voteId);
    if (vote && this.vote?.id === voteId) this.vote = vote;
  }

  #schedule(): void {
    // The clock ticks for the agenda timer and for the speaker's countdown alike.
    const running = this.state?.timer.runningSince != null || this.state?.speakers.floor != null;
    if (running && this.#tick === undefined) {
      this.#tick = setInterval(() => {
        this.now = Date.now() + this.#offset;
      }, 250);
    } else if (!running && this.#tick !== undefined) {
      clearInterval(this.#tick);
      this.#tick = undefined;
    }
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#tick);
    this.#tick = undefined;
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
