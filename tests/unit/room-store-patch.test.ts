import { describe, expect, it } from 'vitest';
import { RoomStore } from '../../client/src/lib/state/room.svelte';
import type { MeetingSocket } from '../../client/src/lib/socket';
import type { RoomPatch, RoomState, Vote } from '../../shared/protocol';

/** A socket that only records listeners, so the test can play the server's frames. */
function fakeSocket() {
  const listeners = new Map<string, ((arg: unknown) => void)[]>();
  const socket = {
    active: true,
    on(event: string, listener: (arg: unknown) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return socket;
    },
    removeAllListeners() {},
    disconnect() {},
  };
  const play = (event: string, arg: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(arg);
  };
  return { socket: socket as unknown as MeetingSocket, play };
}

const vote = (cast: number, status: Vote['status'] = 'open') =>
  ({ id: 'vote-aaaaaaaa', status, tally: { hidden: true, cast, eligible: 9 } }) as unknown as Vote;

const snapshot = (over: Partial<RoomState> = {}): RoomState =>
  ({
    currentItemId: 'item-aaaaaaaa',
    timer: { durationSec: 60, runningSince: null, elapsedMs: 0 },
    speakers: { queue: [], floor: null },
    attendance: { room: 1, remote: 0, online: 1, expected: 9, present: 1, onLeave: 0, guests: 0 },
    vote: vote(1),
    pulse: null,
    serverNow: Date.now(),
    ...over,
  }) as unknown as RoomState;

describe('RoomStore applies room:patch deltas', () => {
  it('merges the changed fields and keeps a newer live tally a patch does not carry', () => {
    const { socket, play } = fakeSocket();
    const store = new RoomStore('123456', socket);
    play('room:state', snapshot());
    play('vote:update', vote(5));
    const patch: RoomPatch = {
      serverNow: Date.now(),
      attendance: { room: 2, remote: 0, online: 2, expected: 9, present: 2, onLeave: 0, guests: 0 },
    };
    play('room:patch', patch);
    expect(store.state?.attendance.online).toBe(2);
    expect(store.state?.currentItemId).toBe('item-aaaaaaaa');
    // The head counts moved; the vote did not: the live tally (5) stays, not the snapshot's 1.
    expect(store.vote?.tally.cast).toBe(5);
    store.close();
  });

  it('follows a vote closing, then drops the kept result when the item changes', () => {
    const { socket, play } = fakeSocket();
    const store = new RoomStore('123456', socket);
    play('room:state', snapshot());
    play('room:patch', { serverNow: Date.now(), vote: vote(3, 'closed') });
    expect(store.vote?.status).toBe('closed');
    play('room:patch', { serverNow: Date.now(), vote: null });
    expect(store.vote?.status).toBe('closed');
    play('room:patch', { serverNow: Date.now(), currentItemId: 'item-bbbbbbbb' });
    expect(store.vote).toBeNull();
    store.close();
  });

  it('ignores a patch before any snapshot', () => {
    const { socket, play } = fakeSocket();
    const store = new RoomStore('123456', socket);
    play('room:patch', { serverNow: Date.now(), currentItemId: 'item-bbbbbbbb' });
    expect(store.state).toBeNull();
    store.close();
  });
});
