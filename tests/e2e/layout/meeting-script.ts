import type {
  ClientEventName,
  ClientEventResults,
  JoinResult,
  Ladder,
  Meeting,
  PulseState,
  TalliedVote,
} from '../../../shared/protocol';
import {
  adminClient,
  assignStaff,
  join,
  staffUser,
  type ApiClient,
} from '../../integration/helpers/api';
import {
  connectSocket,
  emitAck,
  type ClientPayload,
  type TestSocket,
} from '../../integration/helpers/realtime';
import {
  AGENDA,
  LADDER_TEXT,
  LONG_NAMES,
  MOTION,
  OPTIONS,
  PULSE_QUESTION,
  QUEUE,
  TITLE,
} from './content';

type Joined = JoinResult & { api: ApiClient };

/** The answers on the 1–5 scale, in order. */
const FIVE = ['1', '2', '3', '4', '5'] as const;

/**
 * One meeting driven from outside the browsers, step by step, through the same REST and socket
 * API the console uses: each step leaves the room in a state the layout suite then looks at.
 */
export class ScriptedMeeting {
  private constructor(
    readonly url: string,
    readonly admin: ApiClient,
    private readonly teller: ApiClient,
    readonly meeting: Meeting,
    private readonly itemIds: string[],
    /** The people whose phones the suite opens (one per language). */
    readonly phones: Joined[],
    private readonly voters: Joined[],
    private readonly staff: TestSocket,
  ) {}

  get code(): string {
    return this.meeting.code;
  }

  /** A scheduled meeting with a long agenda and twenty-odd people already joined. */
  static async create(url: string): Promise<ScriptedMeeting> {
    const admin = await adminClient(url);
    const teller = await staffUser(url, admin, 'teller');
    const meeting = await admin.ok<Meeting>('POST', '/meetings', {
      title: TITLE,
      topic: '老旧小区改造',
      place: '幸福村三组院坝（村民协商小院东侧）',
      level: 'village',
      date: '2026-11-30',
    });
    const code = meeting.code;
    await assignStaff(admin, code, teller, 'teller');
    const items = await admin.ok<{ id: string }[]>('POST', `/meetings/${code}/agenda`, {
      items: AGENDA.map((title, i) => ({ title, durationMin: 5 + i * 5 })),
    });
    await admin.ok('PUT', `/meetings/${code}/settings`, { admission: 'open' });
    // Hall members without a phone: they make a hand count possible.
    await admin.ok('POST', `/meetings/${code}/roster`, {
      names: ['赵奶奶', '钱大爷', '孙婶', '李伯', '周姨', '吴叔', '郑婆婆', '王大爷'],
    });
    const phones = [
      await join(url, code, LONG_NAMES[0]!, 'room'),
      await join(url, code, LONG_NAMES[1]!, 'remote'),
    ];
    const voters: Joined[] = [];
    for (const [i, name] of ['刘一', '陈二', '杨三', '黄四', '何五', '罗六'].entries()) {
      voters.push(await join(url, code, name, i % 2 ? 'remote' : 'room'));
    }
    const staff = await connectSocket(url, { meetingCode: code, as: 'staff' }, admin.cookie);
    return new ScriptedMeeting(
      url,
      admin,
      teller,
      meeting,
      items.map((i) => i.id),
      phones,
      voters,
      staff,
    );
  }

  private path(rest = ''): string {
    return `/meetings/${this.code}${rest}`;
  }

  private async emit<K extends ClientEventName>(
    event: K,
    payload: ClientPayload<K>,
  ): Promise<ClientEventResults[K]> {
    const ack = await emitAck(this.staff, event, payload);
    if (!ack.ok) throw new Error(`${event} → ${ack.code}: ${ack.message}`);
    return ack.data;
  }

  /** Started, on the item with the longest title, its timer running. */
  async startOnLongItem(): Promise<void> {
    await this.admin.ok('POST', this.path('/start'));
    await this.admin.ok('PUT', this.path('/current-item'), { itemId: this.itemIds[1] });
    await this.emit('meeting:timer', { action: 'start' });
  }

  /** Twenty people waiting to speak, the first one with the floor. */
  async fillQueue(): Promise<void> {
    for (const name of QUEUE) await this.emit('speakers:add', { name });
    await this.emit('speakers:give', {});
  }

  private async castAll(voteId: string, ballot: (i: number) => object): Promise<void> {
    for (const [i, voter] of [...this.voters, ...this.phones].entries()) {
      await voter.api.ok('POST', this.path(`/votes/${voteId}/ballots`), ballot(i));
    }
  }

  private vote: TalliedVote | null = null;

  /** An approval vote on a 300-character motion, eight ballots in. */
  async openApprovalVote(): Promise<void> {
    this.vote = await this.admin.ok<TalliedVote>('POST', this.path('/votes'), {
      proposal: MOTION,
      rule: 'simple_majority',
    });
    const choices = ['agree', 'agree', 'oppose', 'abstain', 'agree', 'agree', 'oppose', 'agree'];
    await this.castAll(this.vote.id, (i) => ({ choice: choices[i % choices.length] }));
  }

  /** The hall's hands entered by the facilitator, confirmed by the teller; then closed. */
  async countHallAndClose(): Promise<void> {
    const vote = this.vote!;
    const hall = this.path(`/votes/${vote.id}/hall-count`);
    const entered = await this.admin.ok<TalliedVote>('PUT', hall, {
      counts: { agree: 5, oppose: 2, abstain: 1 },
    });
    await this.teller.ok('POST', `${hall}/${entered.hallPending!.id}/confirm`);
    await this.admin.ok('POST', this.path(`/votes/${vote.id}/close`));
  }

  /** A multiple-choice vote over ten long options (up to three marks), eight ballots in. */
  async openOptionsVote(): Promise<void> {
    this.vote = await this.admin.ok<TalliedVote>('POST', this.path('/votes'), {
      proposal: '垃圾分类收集点怎么调整？（可选三项）',
      kind: 'multiple',
      options: OPTIONS,
      maxChoices: 3,
    });
    await this.castAll(this.vote.id, (i) => ({ options: [i % 10, (i + 3) % 10, (i + 7) % 10] }));
  }

  async closeVote(): Promise<void> {
    await this.admin.ok('POST', this.path(`/votes/${this.vote!.id}/close`));
  }

  /** A temperature check on the 1–5 scale with a long question: phones answer, hands counted. */
  async openPulse(): Promise<void> {
    const pulse = (await this.emit('pulse:open', {
      scale: 'five',
      question: PULSE_QUESTION,
    })) as PulseState;
    for (const [i, voter] of [...this.voters, ...this.phones].entries()) {
      await this.asParticipant(voter, 'pulse:answer', {
        pulseId: pulse.id,
        answer: FIVE[i % 5]!,
      });
    }
    await this.emit('pulse:hall', { pulseId: pulse.id, counts: { '4': 6, '5': 2 } });
    this.pulseId = pulse.id;
  }

  async closePulse(): Promise<void> {
    await this.emit('pulse:close', { pulseId: this.pulseId });
    await this.emit('pulse:keep', { pulseId: this.pulseId });
  }

  private pulseId = '';

  private async asParticipant<K extends ClientEventName>(
    voter: Joined,
    event: K,
    payload: ClientPayload<K>,
  ) {
    const socket = await connectSocket(this.url, {
      meetingCode: this.code,
      as: 'participant',
      token: voter.token,
    });
    const ack = await emitAck(socket, event, payload);
    socket.close();
    if (!ack.ok) throw new Error(`${event} → ${ack.code}`);
  }

  private ladder: Ladder | null = null;

  /** A consensus ladder on a 300-character text; everyone takes a position. */
  async openLadder(): Promise<void> {
    await this.emit('speakers:take', {});
    this.ladder = (await this.emit('ladder:open', { text: LADDER_TEXT })) as Ladder;
    const levels = ['support', 'accept', 'reservations', 'oppose'] as const;
    for (const [i, voter] of [...this.voters, ...this.phones].entries()) {
      const socket = await connectSocket(this.url, {
        meetingCode: this.code,
        as: 'participant',
        token: voter.token,
      });
      const level = levels[i % levels.length]!;
      const reason =
        level === 'oppose' ? '收集点离水井太近，夏天有异味，影响周边住户的生活。' : undefined;
      const ack = await emitAck(socket, 'ladder:position', {
        ladderId: this.ladder.id,
        level,
        ...(reason ? { reason } : {}),
      });
      socket.close();
      if (!ack.ok) throw new Error(`ladder:position → ${ack.code}`);
    }
  }

  async decideLadder(): Promise<void> {
    await this.emit('ladder:decide', {
      ladderId: this.ladder!.id,
      decision: 'not_reached',
    });
  }

  async closeMeeting(): Promise<void> {
    await this.admin.ok('POST', this.path('/close'));
  }

  dispose(): void {
    this.staff.close();
  }
}
