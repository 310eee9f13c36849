import type {
  AgendaItem,
  AudioStatus,
  SpeakersState,
  Meeting,
  Participant,
  PublicMeeting,
  PulseState,
  RoomState,
  ScreenDirection,
  TalliedVote,
  TimerState,
} from '../../shared/protocol';
import { LIMITS } from '../../shared/limits';
import { expectedVoters, presentVoters, rosterCounts } from './roster-rules';
import { WaitingList } from './waiting';
import { NO_AUDIO } from '../../shared/protocol/audio';
import { emptySpeakers } from '../../shared/protocol/speakers';
import { Serial } from '../util/serial';
import type { OpenVote } from '../voting/open-vote';
import { redactRoomState, type Audience, type FullRoomState } from '../../shared/redact';

/**
 * The live state of one meeting, in memory, with the server as its only writer: phase,
 * current item, timer, participants with presence, the open vote. Persisted through the
 * services on every change; rebuilt from the DB (and the Y.Doc for the agenda) on load.
 */
export class MeetingRoom {
  /** Every mutation of this meeting runs through here, in order. */
  readonly serial = new Serial();
  readonly participants = new Map<string, Participant>();
  /** Joiners without a personal link, waiting for staff (in memory, capped). */
  readonly waiting = new WaitingList(LIMITS.waitingPerMeeting, LIMITS.decidedTicketsPerMeeting);
  /** Personal-link version per entry: bumping it revokes the link and its tokens. */
  readonly linkVersions = new Map<string, number>();
  /** Socket count per participant: a second tab is the same person, still online. */
  private readonly sockets = new Map<string, number>();
  agenda: AgendaItem[] = [];
  openVote: OpenVote | null = null;
  speakers: SpeakersState = emptySpeakers();
  /** Written by the audio service; screens show it so nobody waits for sound that won't come. */
  audio: AudioStatus = NO_AUDIO;
  /** Written by the pulse service: the temperature check's counts (never who answered). */
  pulse: PulseState | null = null;
  /** What the facilitator directs the hall screen to show (server/meetings/screen.ts). */
  screen: ScreenDirection = { mode: 'auto' };
  /** The closed vote `screen.voteId` names, loaded when directed. */
  screenVote: TalliedVote | null = null;
  /** When the current agenda item was set: older results are stale on the hall screen. */
  itemSince: string | null = null;

  constructor(
    public meeting: Meeting,
    public currentItemId: string | null,
    public timer: TimerState,
  ) {}

  get id(): string {
    return this.meeting.id;
  }

  get publicMeeting(): PublicMeeting {
    const { code, title, topic, place, level, date, phase } = this.meeting;
    return { code, title, topic, place, level, date, phase };
  }

  /** 应到 voters: the roster with a voting role, minus 请假; guests never count (issue 9). */
  eligibleVoters(): number {
    return expectedVoters(this.participants.values());
  }

  /** Expected voters who are here: the people the hall cap may count. */
  hallRoster(): Iterable<Participant> {
    return presentVoters(this.participants.values());
  }

  /** The open vote as it stands: eligibility and the hall cap come from the roster. */
  openVoteView(): TalliedVote | null {
    return this.openVote?.view(this.eligibleVoters(), this.hallRoster()) ?? null;
  }

  /** Returns true when the participant's online state flipped. */
  connect(participantId: string): boolean {
    const count = (this.sockets.get(participantId) ?? 0) + 1;
    this.sockets.set(participantId, count);
    return count === 1;
  }

  disconnect(participantId: string): boolean {
    const count = (this.sockets.get(participantId) ?? 1) - 1;
    if (count > 0) {
      this.sockets.set(participantId, count);
      return false;
    }
    this.sockets.delete(participantId);
    return true;
  }

  isOnline(participantId: string): boolean {
    return this.sockets.has(participantId);
  }

  participantList(): Participant[] {
    return [...this.participants.values()].map((p) => ({ ...p, online: this.isOnline(p.id) }));
  }

  /**
   * The state as `audience` may see it. Public by default, so a caller that doesn't think
   * about it (the connect handshake, a REST read) never leaks hidden counts.
   */
  state(audience: Audience = 'public'): RoomState {
    return redactRoomState(this.fullState(), audience);
  }

  fullState(now = Date.now()): FullRoomState {
    // 实到 by channel: people checked in, not everyone on the roster.
    const attendance = {
      room: 0,
      remote: 0,
      online: 0,
      ...rosterCounts(this.participants.values()),
    };
    for (const p of this.participants.values()) {
      if (p.present && !p.onLeave) attendance[p.attendance] += 1;
      if (this.isOnline(p.id)) attendance.online += 1;
    }
    return {
      meeting: this.publicMeeting,
      phase: this.meeting.phase,
      agenda: this.agenda,
      currentItemId: this.currentItemId,
      timer: this.timer,
      vote: this.openVoteView() ?? this.lastVote,
      attendance,
      speakers: this.speakers,
      audio: this.audio,
      pulse: this.pulse,
      screen: {
        ...this.screen,
        // Only ever a closed vote: nothing to redact.
        pinned:
          this.screenVote && this.screenVote.id !== this.lastVote?.id ? this.screenVote : null,
        itemSince: this.itemSince,
      },
      serverNow: now,
    };
  }

  /** The most recently closed vote stays on screens until the next one opens. */
  lastVote: TalliedVote | null = null;
}
