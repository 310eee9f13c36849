import type { RoomPatch, RoomState } from '../../../shared/protocol';
import { applyParticipantsPatch } from '../../../client/src/lib/participants-patch';
import { newSocket, type SeenEvent, type SocketAuth, type TestSocket } from './realtime';

/**
 * The room as a client holds it: the `room:state` snapshot with every `room:patch` applied
 * since, as the browser's RoomStore does (issue 12: snapshot once, deltas after).
 */
export const applyRoomPatch = (state: RoomState, patch: RoomPatch): RoomState => ({
  ...state,
  ...patch,
});

/** Participants as a console holds them: the client's own merge. */
export { applyParticipantsPatch };

/** Every room state a recorded socket held, in order (one per snapshot or patch). */
export function roomStates(seen: SeenEvent[]): RoomState[] {
  const states: RoomState[] = [];
  for (const { event, args } of seen) {
    const last = states.at(-1);
    if (event === 'room:state') states.push(args[0] as RoomState);
    else if (event === 'room:patch' && last) {
      states.push(applyRoomPatch(last, args[0] as RoomPatch));
    }
  }
  return states;
}

/** The room a recorded socket holds now. */
export const currentRoom = (seen: SeenEvent[]): RoomState => roomStates(seen).at(-1)!;

const mirrors = new WeakMap<TestSocket, { state: RoomState | null }>();

/**
 * Follows a socket's room from now on. Attach it before the socket connects to hold the
 * snapshot; attached later, the first patches apply to an empty room until a snapshot comes.
 */
export function trackRoom(socket: TestSocket): { state: RoomState | null } {
  let mirror = mirrors.get(socket);
  if (mirror) return mirror;
  const created: { state: RoomState | null } = { state: null };
  socket.on('room:state', (state) => (created.state = state));
  socket.on('room:patch', (patch) => {
    created.state = applyRoomPatch(created.state ?? ({} as RoomState), patch);
  });
  mirrors.set(socket, created);
  mirror = created;
  return mirror;
}

/**
 * Resolves with the socket's room once a snapshot or a patch makes `predicate` true. A
 * predicate that reads a field the client does not hold yet counts as false.
 */
export function waitForRoom(
  socket: TestSocket,
  predicate: (state: RoomState) => boolean,
  timeoutMs = 5_000,
): Promise<RoomState> {
  const mirror = trackRoom(socket);
  return new Promise((resolve, reject) => {
    const check = () => {
      let ok: boolean;
      try {
        ok = mirror.state !== null && predicate(mirror.state);
      } catch {
        ok = false;
      }
      if (!ok) return;
      clearTimeout(timer);
      socket.off('room:state', check);
      socket.off('room:patch', check);
      resolve(mirror.state!);
    };
    const timer = setTimeout(() => {
      socket.off('room:state', check);
      socket.off('room:patch', check);
      reject(new Error('timed out waiting for the room'));
    }, timeoutMs);
    // Registered after the mirror's own listeners, so they see the state with this frame applied.
    socket.on('room:state', check);
    socket.on('room:patch', check);
  });
}

/** `connectSocket` with the room followed from its snapshot on (`trackRoom` before connecting). */
export function connectTracked(
  baseUrl: string,
  auth: SocketAuth,
  cookie?: string,
): Promise<TestSocket> {
  const socket = newSocket(baseUrl, auth, cookie);
  const mirror = trackRoom(socket);
  socket.connect();
  return new Promise((resolve, reject) => {
    const ready = () => (mirror.state ? resolve(socket) : socket.once('room:state', ready));
    socket.once('connect', ready);
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}
