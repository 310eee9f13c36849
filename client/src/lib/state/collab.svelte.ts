import type { WebsocketProvider } from 'y-websocket';

export interface Peer {
  clientId: number;
  name: string;
  color: string;
}

/**
 * Connection state of a collab provider and who else is editing (awareness), as runes.
 * `closedCode` is set when the server closed the socket for good (4400–4499: refused).
 */
export class CollabStore {
  status: 'connecting' | 'connected' | 'disconnected' = $state('connecting');
  synced = $state(false);
  closedCode: number | null = $state(null);
  peers: Peer[] = $state([]);

  #off: (() => void)[] = [];

  constructor(provider: WebsocketProvider, user: { name: string; color: string }) {
    const awareness = provider.awareness;
    awareness.setLocalStateField('user', user);

    const onStatus = ({
      status,
    }: {
      status: 'connected' | 'disconnected' | 'connecting';
    }): void => {
      this.status = status;
    };
    const onSync = (synced: boolean): void => {
      this.synced = synced;
    };
    const onClosed = (event: { code: number }): void => {
      this.closedCode = event.code;
      this.status = 'disconnected';
    };
    // Awareness changes can fire synchronously from DOM focus events while Svelte is updating
    // the page (y-prosemirror's cursor plugin); updating state then is not allowed, so defer.
    let queued = false;
    const onAwareness = (): void => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        readPeers();
      });
    };
    const readPeers = (): void => {
      const peers: Peer[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const u: unknown = state.user;
        if (typeof u === 'object' && u !== null && 'name' in u && typeof u.name === 'string') {
          const color = 'color' in u && typeof u.color === 'string' ? u.color : '#666666';
          peers.push({ clientId, name: u.name, color });
        }
      });
      this.peers = peers;
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    awareness.on('change', onAwareness);
    this.synced = provider.synced;
    this.status = provider.wsconnected ? 'connected' : 'connecting';
    readPeers();
    this.#off = [
      () => provider.off('status', onStatus),
      () => provider.off('sync', onSync),
      () => provider.off('closed', onClosed),
      () => awareness.off('change', onAwareness),
    ];
  }

  dispose(): void {
    for (const off of this.#off) off();
    this.#off = [];
  }
}
