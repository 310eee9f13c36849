import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { COLLAB_PATH } from '../../shared/collab';
import { hasPermission, LIMITS, MeetingCode, type Principal } from '../../shared/protocol';
import type { Principals } from '../auth/principals';
import type { Logger } from '../logger';
import type { RoomRegistry } from '../meetings/rooms';
import type { MeetingRoom } from '../meetings/room';
import { CollabConnection } from './connection';
import type { DocStore } from './docs';

/** Permission is re-read from the room on every message: roles can change mid-meeting. */
function writePermission(room: MeetingRoom, principal: Principal): () => boolean {
  return () => {
    if (room.meeting.phase === 'closed') return false;
    const current =
      principal.kind === 'participant'
        ? { ...principal, role: room.participants.get(principal.participantId)?.role ?? 'observer' }
        : principal;
    return hasPermission(current, 'editDocs', room.meeting);
  };
}

/** The Yjs websocket at /collab/<code>: authenticates the upgrade, then hands over. */
export class CollabServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.collabMessageBytes,
  });
  private readonly connections = new Set<CollabConnection>();

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly docs: DocStore,
    private readonly principals: Principals,
    private readonly log: Logger,
  ) {}

  handles(url: string | undefined): boolean {
    return url !== undefined && url.startsWith(`${COLLAB_PATH}/`);
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n\r\n`);
    };
    try {
      const url = new URL(req.url ?? '', 'http://localhost');
      const code = MeetingCode.safeParse(url.pathname.slice(COLLAB_PATH.length + 1));
      if (!code.success) return refuse(404, 'Not Found');
      const room = await this.rooms.byCode(code.data);
      const principal = await this.principals.any(
        room,
        req.headers.cookie,
        url.searchParams.get('token') ?? undefined,
      );
      if (!hasPermission(principal, 'readDocs', room.meeting)) return refuse(403, 'Forbidden');
      const shared = await this.docs.get(room.id);
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const connection = new CollabConnection(ws, shared, writePermission(room, principal));
        this.connections.add(connection);
        ws.on('close', () => {
          this.connections.delete(connection);
          void shared.compact();
        });
      });
    } catch (err) {
      this.log.debug({ err }, 'collab upgrade refused');
      refuse(401, 'Unauthorized');
    }
  }

  close(): void {
    for (const connection of this.connections) connection.close();
    this.wss.close();
  }
}
