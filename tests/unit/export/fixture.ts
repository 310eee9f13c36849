/** MeetingRecord fixtures: a realistic village meeting, and a long one for timing. */
import type {
  Attendance,
  Channel,
  Counts,
  MeetingRecord,
  MinutesBlock,
  ParticipantRole,
  RecordAttendee,
  RecordVote,
} from '../../../shared/protocol';

const c = (agree: number, oppose: number, abstain: number): Counts => ({ agree, oppose, abstain });

function sum(byChannel: Record<Channel, Counts>): Counts {
  const t = c(0, 0, 0);
  for (const ch of Object.values(byChannel)) {
    t.agree += ch.agree;
    t.oppose += ch.oppose;
    t.abstain += ch.abstain;
  }
  return t;
}

function vote(v: Omit<RecordVote, 'totals' | 'cast'>): RecordVote {
  const totals = sum(v.byChannel);
  return { ...v, totals, cast: totals.agree + totals.oppose + totals.abstain };
}

const a = (name: string, role: ParticipantRole, attendance: Attendance): RecordAttendee => ({
  name,
  role,
  attendance,
});

export const ATTENDEES: RecordAttendee[] = [
  a('张建国', 'member', 'room'),
  a('王秀英', 'member', 'remote'),
  a('刘志强', 'official', 'room'),
  a('陈丽华', 'official', 'remote'),
  a('赵德明', 'cadre', 'room'),
  a('孙桂兰', 'cadre', 'room'),
  a('周大山', 'resident', 'room'),
  a('吴春梅', 'resident', 'room'),
  a('郑小军', 'resident', 'remote'),
  a('冯玉珍', 'resident', 'room'),
  a('黄老三', 'resident', 'remote'),
  a('何振华', 'observer', 'room'),
  a('林晓燕', 'observer', 'remote'),
  a('杨记录', 'recorder', 'room'),
];

/** Passed, open ballot with hands counted in the hall. */
export const CANTEEN: RecordVote = vote({
  id: 'vote_canteen_01',
  agendaItemTitle: '老年食堂选址',
  proposal: '同意在村委会东侧闲置仓库改建村级老年食堂，由村“两委”牵头，2027年3月底前建成投用。',
  rule: 'simple_majority',
  secret: false,
  outcome: 'passed',
  byChannel: { room: c(6, 1, 0), remote: c(3, 0, 0), hall: c(4, 0, 1) },
  // The four people who raised a hand in the hall are on the roster too (issue 10).
  eligible: 15,
  roll: {
    agree: [
      '张建国',
      '刘志强',
      '赵德明',
      '孙桂兰',
      '周大山',
      '冯玉珍',
      '王秀英',
      '陈丽华',
      '郑小军',
    ],
    oppose: ['吴春梅'],
    abstain: [],
  },
  closedAt: '2026-11-21T02:40:00.000Z',
});

/** Passed, secret ballot: no roll; published as combined totals with turnout by channel. */
export const FEES: RecordVote = secretVote({
  id: 'vote_fees_002',
  agendaItemTitle: '收费与补贴标准',
  proposal: '70周岁以上老人每餐收费5元，80周岁以上3元，差额由村集体经济补贴。',
  rule: 'two_thirds',
  secret: true,
  outcome: 'passed',
  byChannel: { room: c(6, 1, 0), remote: c(3, 0, 1), hall: c(0, 0, 0) },
  eligible: 11,
  roll: null,
  closedAt: '2026-11-21T03:05:00.000Z',
});

/** A secret vote as the server publishes it: no counts by channel per choice, turnout only. */
function secretVote(v: Omit<RecordVote, 'totals' | 'cast'>): RecordVote {
  const full = vote(v);
  const voters = { room: 0, remote: 0, hall: 0 };
  for (const ch of ['room', 'remote', 'hall'] as const) {
    const n = v.byChannel[ch];
    voters[ch] = n.agree + n.oppose + n.abstain;
  }
  return {
    ...full,
    byChannel: { room: c(0, 0, 0), remote: c(0, 0, 0), hall: v.byChannel.hall },
    secretTurnout: { voters, minGroup: 5, smallGroup: false },
  };
}

/** No consensus: escalated to the township (转报). */
export const PARKING: RecordVote = vote({
  id: 'vote_parking_3',
  agendaItemTitle: null,
  proposal: '将食堂门前道路两侧划为临时停车区，由镇交管站审批。',
  rule: 'consensus',
  secret: false,
  outcome: 'no_consensus',
  byChannel: { room: c(5, 2, 0), remote: c(2, 1, 0), hall: c(0, 0, 0) },
  eligible: 11,
  roll: {
    agree: ['张建国', '刘志强', '赵德明', '孙桂兰', '周大山', '王秀英', '陈丽华'],
    oppose: ['吴春梅', '冯玉珍', '黄老三'],
    abstain: [],
  },
  closedAt: '2026-11-21T03:30:00.000Z',
});

export const MINUTES: MinutesBlock[] = [
  { type: 'heading', level: 1, text: '食堂选址' },
  {
    type: 'paragraph',
    text: '赵德明介绍了前期入户走访情况：全村70周岁以上老人共86人，其中独居老人23人。',
  },
  { type: 'heading', level: 2, text: '各方意见' },
  { type: 'bullet', text: '群众代表普遍赞成利用闲置仓库，改造成本较低。', depth: 0 },
  { type: 'bullet', text: '吴春梅担心油烟影响周边住户。', depth: 1 },
  { type: 'bullet', text: '刘志强表示镇里可协调环保设备。', depth: 0 },
  { type: 'heading', level: 3, text: '后续安排' },
  { type: 'ordered', text: '村委会负责出具改建方案', depth: 0, index: 3 },
  { type: 'ordered', text: '镇民政办对接补贴资金\n（12月15日前）', depth: 0, index: 4 },
  { type: 'paragraph', text: '主持人李明华总结：食堂事项形成共识，停车问题转报镇政府协调。' },
];

export function makeRecord(): MeetingRecord {
  const byRole: Record<ParticipantRole, number> = {
    member: 0,
    official: 0,
    cadre: 0,
    resident: 0,
    observer: 0,
    recorder: 0,
  };
  for (const p of ATTENDEES) byRole[p.role] += 1;
  const room = ATTENDEES.filter((p) => p.attendance === 'room').length;
  return {
    format: 'yuanba-record',
    version: 1,
    meeting: {
      code: '482913',
      title: '清水村老年食堂建设协商会',
      topic: '村级老年食堂选址、收费与运营',
      place: '清水村村委会院坝',
      level: 'village',
      date: '2026-11-21',
      facilitator: '李明华',
      closedAt: '2026-11-21T03:45:00.000Z',
    },
    agenda: [
      { title: '通报前期调研情况', durationMin: 10 },
      { title: '老年食堂选址', durationMin: 30 },
      { title: '收费与补贴标准', durationMin: 25 },
      { title: '停车与交通', durationMin: 15 },
    ],
    conclusions: [CANTEEN, FEES],
    escalations: [PARKING],
    attendance: {
      byRole,
      byChannel: { room, remote: ATTENDEES.length - room },
      attendees: ATTENDEES,
    },
    minutes: MINUTES,
    generatedAt: '2026-11-21T03:46:12.000Z',
  };
}

/** A 3-hour meeting: 40 agenda items, 30 votes, 200 attendees, about 60 KB of minutes. */
export function makeLongRecord(): MeetingRecord {
  const base = makeRecord();
  const roles: ParticipantRole[] = [
    'member',
    'official',
    'cadre',
    'resident',
    'resident',
    'observer',
  ];
  const attendees = Array.from({ length: 200 }, (_, i) =>
    a(`参会人${i + 1}`, roles[i % roles.length] ?? 'resident', i % 3 === 0 ? 'remote' : 'room'),
  );
  const names = attendees.map((p) => p.name);
  const votes = Array.from({ length: 30 }, (_, i) =>
    vote({
      ...CANTEEN,
      id: `vote_long_${String(i).padStart(4, '0')}`,
      proposal: `第${i + 1}项提议：${'关于村内公共事务的具体安排与分工，'.repeat(4)}`,
      secret: i % 2 === 0,
      outcome: i % 5 === 4 ? 'failed' : 'passed',
      byChannel: { room: c(90, 10, 5), remote: c(40, 5, 3), hall: c(0, 0, 0) },
      eligible: 170,
      roll:
        i % 2 === 0
          ? null
          : {
              agree: names.slice(0, 130),
              oppose: names.slice(130, 145),
              abstain: names.slice(145, 153),
            },
    }),
  );
  const sentence = '与会人员围绕议题充分发表意见，记录员如实记录各方观点与建议。';
  const minutes: MinutesBlock[] = [];
  for (let i = 0; minutes.reduce((n, b) => n + b.text.length * 3, 0) < 60_000; i += 1) {
    minutes.push({ type: 'heading', level: ((i % 3) + 1) as 1 | 2 | 3, text: `第${i + 1}段讨论` });
    minutes.push({ type: 'paragraph', text: sentence.repeat(6) });
    minutes.push({ type: 'bullet', text: sentence, depth: i % 2 });
    minutes.push({ type: 'ordered', text: sentence, depth: 0, index: i + 1 });
  }
  return {
    ...base,
    agenda: Array.from({ length: 40 }, (_, i) => ({
      title: `议程事项${i + 1}`,
      durationMin: 4 + (i % 3),
    })),
    conclusions: votes.filter((v) => v.outcome === 'passed'),
    escalations: votes.filter((v) => v.outcome !== 'passed'),
    attendance: { ...base.attendance, attendees },
    minutes,
  };
}
