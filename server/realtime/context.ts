import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Principal, ServerToClientEvents } from '../../shared/protocol';
import type { MeetingRoom } from '../meetings/room';

export interface SocketData {
  principal: Principal;
  room: MeetingRoom;
}

export type IoServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type IoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Socket.IO rooms: everyone in a meeting, its staff, and each participant's own sockets. */
export const channels = {
  meeting: (meetingId: string) => `m:${meetingId}`,
  staff: (meetingId: string) => `m:${meetingId}:staff`,
  participant: (participantId: string) => `p:${participantId}`,
  /** Hall screens and staff: the only ones who get the live tally at 10 Hz. */
  watchers: (meetingId: string) => `m:${meetingId}:watch`,
};
