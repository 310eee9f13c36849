/**
 * A Socket.IO client in ~2 KB: one WebSocket, JSON events, acks with timeouts, heartbeats,
 * reconnection with backoff. It speaks the same protocol as `socket.io-client` (the server
 * cannot tell them apart) but drops what our pages never use — long-polling, binary, namespaces,
 * the Manager — which is 12 KB gzipped that every voter's phone used to download.
 *
 * Long-polling is not missed: co-editing (y-websocket) and audio already need WebSockets, and
 * on the courtyard LAN nothing sits between the phone and the laptop to strip them.
 */
import { decode, DISCONNECT, encodeConnect, encodeEvent, PONG, type Incoming } from './packets';

/** Same as socket.io-client's default `timeout`. */
const CONNECT_TIMEOUT_MS = 20_000;

export type DisconnectReason =
  'io server disconnect' | 'io client disconnect' | 'ping timeout' | 'transport close';

/** A refused handshake carries what the server's middleware attached as `data`. */
export type ConnectError = Error & { data?: unknown };

type Listener = (...args: never[]) => void;
type ReservedEvents = {
  connect: () => void;
  disconnect: (reason: DisconnectReason) => void;
  connect_error: (err: ConnectError) => void;
};

export interface LiteSocketOptions {
  /** ws:// or wss:// URL of the Socket.IO endpoint, e.g. `wss://host/socket.io/`. */
  url: string;
  /** Sent with every CONNECT, so a reconnect authenticates again. */
  auth: object;
  /** The WebSocket class: the browser's, or `ws` in Node tests. */
  WebSocket?: typeof WebSocket;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
}

interface PendingAck {
  packet: string;
  resolve: (value: unknown) => void;
  reject: (reason: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class LiteSocket<ServerEvents extends { [E in keyof ServerEvents]: Listener }> {
  /** True between the server's CONNECT answer and the next disconnect. */
  connected = false;
  /** False once we stopped for good: refused handshake, kicked by the server, or disconnect(). */
  active = true;

  readonly #options: Required<Omit<LiteSocketOptions, 'WebSocket'>> & {
    WebSocket: typeof WebSocket;
  };
  #ws: WebSocket | null = null;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #acks = new Map<number, PendingAck>();
  /** Ack ids of packets written while disconnected, sent in order on the next connect. */
  #outbox: number[] = [];
  #nextId = 0;
  #attempts = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatMs = CONNECT_TIMEOUT_MS;
  readonly #retryNow = (): void => {
    // The phone is back on the network, or its screen back on: try now instead of waiting
    // out the backoff, so a villager who wakes the phone to vote finds the ballot live.
    if (globalThis.document?.visibilityState === 'hidden') return;
    if (this.active && !this.#ws) {
      clearTimeout(this.#retryTimer);
      this.#open();
    }
  };

  /** The phone says it has no network: the socket is dead, even if no close has come yet. */
  readonly #dropNow = (): void => {
    if (this.#ws) this.#lost('transport close');
  };

  constructor(options: LiteSocketOptions) {
    this.#options = {
      reconnectDelayMs: 1000,
      reconnectDelayMaxMs: 5000,
      WebSocket: globalThis.WebSocket,
      ...options,
    };
    globalThis.addEventListener?.('online', this.#retryNow);
    globalThis.addEventListener?.('offline', this.#dropNow);
    globalThis.document?.addEventListener('visibilitychange', this.#retryNow);
    this.#open();
  }

  on<E extends keyof ServerEvents | keyof ReservedEvents>(
    event: E,
    listener: E extends keyof ReservedEvents
      ? ReservedEvents[E]
      : E extends keyof ServerEvents
        ? ServerEvents[E]
        : never,
  ): this {
    const name = event as string;
    const set = this.#listeners.get(name) ?? new Set();
    set.add(listener as Listener);
    this.#listeners.set(name, set);
    return this;
  }

  off(event: keyof ServerEvents | keyof ReservedEvents, listener?: Listener): this {
    if (listener) this.#listeners.get(event as string)?.delete(listener);
    else this.#listeners.delete(event as string);
    return this;
  }

  removeAllListeners(): this {
    this.#listeners.clear();
    return this;
  }

  /**
   * Sends an event and resolves with the server's ack, or rejects after `timeoutMs`, or as
   * soon as the connection it was sent on drops (its answer can no longer come). While
   * disconnected the packet waits for the next connect; if the time runs out first, it is
   * dropped rather than sent late, so a caller told "timed out" is never surprised later.
   */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#acks.delete(id);
        this.#outbox = this.#outbox.filter((queued) => queued !== id);
        reject(new Error('operation has timed out'));
      }, timeoutMs);
      const packet = encodeEvent(event, payload, id);
      this.#acks.set(id, { packet, resolve, reject, timer });
      if (this.connected) this.#write(packet);
      else this.#outbox.push(id);
    });
  }

  /**
   * The connection looks stalled: an answer is overdue though the socket is open (on a crowded
   * hotspot a TCP connection that lost a few packets in a row backs off for seconds, and
   * whatever is written on it queues behind them). Drops it and connects again at once;
   * unanswered requests fail now, as on any drop, and the caller resends on the new one.
   */
  reconnect(): this {
    if (!this.active || !this.#ws) return this;
    this.#lost('ping timeout');
    clearTimeout(this.#retryTimer);
    this.#open();
    return this;
  }

  disconnect(): this {
    if (this.connected) this.#write(DISCONNECT);
    this.#stop('io client disconnect');
    return this;
  }

  #open(): void {
    this.#retryTimer = undefined;
    const ws = new this.#options.WebSocket(this.#options.url);
    this.#ws = ws;
    // A handshake that hangs (a phone between access points) counts as a failed attempt.
    this.#armHeartbeat(CONNECT_TIMEOUT_MS);
    ws.onmessage = (event: MessageEvent) => {
      if (this.#ws === ws && typeof event.data === 'string') this.#receive(decode(event.data));
    };
    ws.onclose = () => {
      if (this.#ws === ws) this.#lost('transport close');
    };
    // A close always follows an error; handled there. (Node's `ws` throws unheard errors.)
    ws.onerror = () => {};
  }

  #receive(packet: Incoming): void {
    if (this.connected) this.#armHeartbeat();
    switch (packet.kind) {
      case 'open':
        this.#heartbeatMs = packet.pingInterval + packet.pingTimeout;
        this.#armHeartbeat();
        this.#write(encodeConnect(this.#options.auth));
        return;
      case 'ping':
        this.#write(PONG);
        return;
      case 'close':
        this.#lost('transport close');
        return;
      case 'connected': {
        this.connected = true;
        this.#attempts = 0;
        const outbox = this.#outbox;
        this.#outbox = [];
        for (const id of outbox) {
          const pending = this.#acks.get(id);
          if (pending) this.#write(pending.packet);
        }
        this.#emit('connect');
        return;
      }
      case 'refused':
        this.#stop(null);
        this.#emit(
          'connect_error',
          Object.assign(new Error(packet.message), { data: packet.data }),
        );
        return;
      case 'kicked':
        this.#stop('io server disconnect');
        return;
      case 'event':
        this.#emit(packet.name, ...packet.args);
        return;
      case 'ack': {
        const pending = this.#acks.get(packet.id);
        if (!pending) return;
        this.#acks.delete(packet.id);
        clearTimeout(pending.timer);
        pending.resolve(packet.args[0]);
        return;
      }
      case 'other':
        return;
    }
  }

  /** The connection dropped without anyone meaning it: tell listeners, then retry. */
  #lost(reason: DisconnectReason): void {
    const wasConnected = this.#closeSocket();
    if (wasConnected) this.#emit('disconnect', reason);
    else this.#emit('connect_error', new Error('websocket error'));
    if (!this.active) return;
    // Exponential backoff with ±50 % jitter, so 500 phones do not come back in one instant.
    const { reconnectDelayMs, reconnectDelayMaxMs } = this.#options;
    const base = Math.min(reconnectDelayMs * 2 ** this.#attempts, reconnectDelayMaxMs);
    this.#attempts += 1;
    this.#retryTimer = setTimeout(() => this.#open(), base * (0.5 + Math.random()));
  }

  /** Stops for good; `reason` is the disconnect to report, if we were connected. */
  #stop(reason: DisconnectReason | null): void {
    this.active = false;
    clearTimeout(this.#retryTimer);
    globalThis.removeEventListener?.('online', this.#retryNow);
    globalThis.removeEventListener?.('offline', this.#dropNow);
    globalThis.document?.removeEventListener('visibilitychange', this.#retryNow);
    const wasConnected = this.#closeSocket();
    if (wasConnected && reason) this.#emit('disconnect', reason);
  }

  #closeSocket(): boolean {
    const wasConnected = this.connected;
    this.connected = false;
    // Acks are per connection: one written on the link that just died can never come. Fail it
    // now (the caller resends, e.g. a ballot by its id) instead of at its timeout; packets
    // waiting in the outbox were never sent and go out on the next connect.
    if (wasConnected) {
      const waiting = new Set(this.#outbox);
      for (const [id, pending] of this.#acks) {
        if (waiting.has(id)) continue;
        clearTimeout(pending.timer);
        this.#acks.delete(id);
        pending.reject(new Error('connection lost before the answer'));
      }
    }
    clearTimeout(this.#heartbeatTimer);
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      if (ws.readyState === 1) ws.close();
      // Closing one still connecting would abort with an error event: let it finish and fail.
      else ws.onopen = () => ws.close();
    }
    return wasConnected;
  }

  /** No frame (not even a ping) for interval + timeout: the link is dead though not closed. */
  #armHeartbeat(ms = this.#heartbeatMs): void {
    clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = setTimeout(() => this.#lost('ping timeout'), ms);
  }

  #write(frame: string): void {
    if (this.#ws?.readyState === 1) this.#ws.send(frame);
  }

  #emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      (listener as (...values: unknown[]) => void)(...args);
    }
  }
}
