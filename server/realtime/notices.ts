import type { Ladder } from '../../shared/protocol';
import type { Consumer } from '../events/stream';
import type { StoredEvent } from '../events/log';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRoom } from '../meetings/room';
import type { RoomRegistry } from '../meetings/rooms';

/**
 * The consumer that turns committed domain events into the MeetingBus notifications the
 * broadcaster (and audio, collab, pulse) listen to. Services no longer emit these after their
 * commit; a change reaches screens only through its event.
 *
 * Not events, emitted on the bus directly (in memory, high-rate or not part of the record):
 * presence (participantsChanged on connect/disconnect), speaking, pulse counts and openings,
 * the waiting list, the speakers' queue, the timer, the hall screen's direction, the agenda
 * (it lives in the Y.Doc), audio status, assist requests to a witness.
 */
export function noticeConsumer(
  rooms: RoomRegistry,
  bus: MeetingBus,
  ladderOf: (room: MeetingRoom) => Promise<Ladder | null>,
): Consumer {
  return {
    name: 'notices',
    durable: false,
    async handle(events) {
      const byMeeting = new Map<string, StoredEvent[]>();
      for (const e of events)
        byMeeting.set(e.meetingId, [...(byMeeting.get(e.meetingId) ?? []), e]);
      for (const [meetingId, list] of byMeeting) {
        const room = await rooms.loaded(meetingId);
        if (room) await notify(room, list, bus, ladderOf);
      }
    },
  };
}

/** One batch of a meeting's events: each notice once, in the order first asked for. */
async function notify(
  room: MeetingRoom,
  events: readonly StoredEvent[],
  bus: MeetingBus,
  ladderOf: (room: MeetingRoom) => Promise<Ladder | null>,
): Promise<void> {
  const notices = new Map<string, () => void | Promise<void>>();
  const add = (key: string, send: () => void | Promise<void>) => {
    notices.delete(key);
    notices.set(key, send);
  };
  const roomChanged = () => add('room', () => bus.emit('roomChanged', room.id));
  const openVote = (voteId: string) =>
    add(`vote:${voteId}`, () => {
      const view = room.openVote?.id === voteId ? room.openVoteView() : null;
      if (view) bus.emit('voteChanged', room.id, view);
    });
  const people = (participantId?: string) => {
    if (participantId) {
      add(`self:${participantId}`, () => {
        const p = room.participants.get(participantId);
        if (p) bus.emit('participantChanged', { ...p, online: room.isOnline(p.id) });
      });
    }
    add('people', () => bus.emit('participantsChanged', room.id));
    roomChanged();
    // Eligibility moves with roles and attendance.
    const open = room.openVote;
    if (open) openVote(open.id);
  };

  for (const e of events) {
    switch (e.kind) {
      case 'meeting.started':
      case 'item.changed':
      case 'settings.changed':
        roomChanged();
        break;
      case 'meeting.closed':
        roomChanged();
        add('closed', () => bus.emit('meetingClosed', room.id));
        break;
      case 'staff.changed':
        add('staff', () => bus.emit('staffChanged', room.id));
        break;
      case 'roster.added':
      case 'roster.removed':
        people();
        break;
      case 'participant.changed':
        people(e.data.participantId);
        break;
      case 'participant.checkedIn':
        people(e.data.participantId);
        break;
      case 'link.reissued':
        add(`revoked:${e.data.participantId}`, () =>
          bus.emit('participantRevoked', room.id, e.data.participantId),
        );
        people();
        break;
      case 'vote.opened':
      case 'ballots.received':
      case 'ballot.assisted':
      case 'ballot.proxy':
      case 'ballot.proxyReplaced':
      case 'hall.entered':
      case 'hall.confirmed':
        openVote(e.data.voteId);
        break;
      case 'vote.closed': {
        const { voteId } = e.data;
        add(`vote:${voteId}`, () => {
          if (room.lastVote?.id === voteId) bus.emit('voteChanged', room.id, room.lastVote);
        });
        roomChanged();
        break;
      }
      case 'mandate.registered': {
        const holder = e.data.holderId;
        if (holder) add(`mandates:${holder}`, () => bus.emit('mandatesChanged', holder));
        break;
      }
      case 'ladder.opened':
      case 'ladder.position':
      case 'ladder.revised':
      case 'ladder.decided':
        add('ladder', async () => {
          const ladder = await ladderOf(room);
          if (ladder) bus.emit('ladderChanged', ladder);
        });
        break;
      // In the chain for the record; nobody's screen shows them. A kept temperature check
      // leaves the screens through the pulse's own (direct) notices.
      case 'minutes.frozen':
      case 'record.signed':
      case 'quorum.set':
      case 'pulse.kept':
        break;
    }
  }
  for (const send of notices.values()) await send();
}
