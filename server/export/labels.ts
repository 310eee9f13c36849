/**
 * Chinese wording of the record (纪要). The record is an official document filed by the
 * township, so it is rendered in Chinese only, whatever the interface language.
 */
import {
  CHANNELS,
  CHOICES,
  LADDER_LEVELS,
  PARTICIPANT_ROLES,
  type Attendance,
  type LadderDecision,
  type LadderLevel,
  type MeetingRecord,
  type RecordLadder,
  type Channel,
  type Choice,
  type Outcome,
  type ParticipantRole,
  type PlatformLevel,
  type RecordAttendee,
  type RecordVote,
  type VoteRule,
} from '../../shared/protocol';
import {
  optionListLine,
  optionMethod,
  optionOutcome,
  optionRollLines,
  optionTallySentence,
} from './option-labels';

export const ROLE_LABELS: Record<ParticipantRole, string> = {
  member: '委员',
  official: '部门负责人',
  cadre: '基层干部',
  resident: '群众代表',
  observer: '列席',
  recorder: '记录员',
};

/** Ballot channels: 现场 phone ballots, 线上 remote ballots, 举手 hands counted in the hall. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  room: '现场',
  remote: '线上',
  hall: '举手',
};

export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  room: '现场',
  remote: '线上',
};

export const CHOICE_LABELS: Record<Choice, string> = {
  agree: '同意',
  oppose: '反对',
  abstain: '弃权',
};

export const RULE_LABELS: Record<VoteRule, string> = {
  simple_majority: '简单多数',
  two_thirds: '三分之二多数',
  consensus: '共识（无人反对）',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  passed: '通过',
  failed: '未通过',
  no_consensus: '未达成共识',
  no_quorum: '未达到法定人数',
  chosen: '选定',
  no_winner: '票数相同，未选出',
  ranked: '已选定',
};

export const LEVEL_LABELS: Record<PlatformLevel, string> = {
  county: '县级',
  township: '乡镇（街道）',
  village: '村（社区）',
};

/** Section titles, in the order they appear in the record. */
export const SECTION_TITLES = {
  conclusions: '议定事项',
  escalations: '未达成共识事项（转报）',
  agenda: '会议议程',
  minutes: '会议记录',
} as const;

export const NONE = '无';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/**
 * Chinese numeral for 1..9999 (十一, 二十, 一百零五); larger or non-integer values fall back
 * to Arabic digits, which a reader still understands.
 */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n === 0) return DIGITS[0] ?? '零';
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i] ?? '';
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += DIGITS[0];
    pendingZero = false;
    out += (DIGITS[d] ?? '') + unit;
  });
  // 10..19 read 十, 十一 rather than 一十, 一十一.
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** GB/T 9704 numbering of structure levels: 一、 → （一） → 1. → （1）. */
export const numberLevel1 = (n: number): string => `${chineseNumber(n)}、`;
export const numberLevel2 = (n: number): string => `（${chineseNumber(n)}）`;
export const numberLevel3 = (n: number): string => `${n}.`;
export const numberLevel4 = (n: number): string => `（${n}）`;

/** True when the text already starts with a numbering the recorder typed by hand. */
export function hasOwnNumbering(text: string): boolean {
  return /^\s*(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、．.])/.test(
    text,
  );
}

/** `2026-11-21` → `2026年11月21日` (Arabic numerals, no leading zeros, as GB/T 9704 asks). */
export function formatChineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Names of a list of people, joined with the enumeration comma; 无 for an empty list. */
export const joinNames = (names: readonly string[]): string =>
  names.length > 0 ? names.join('、') : NONE;

/** Voting roles first, in protocol order, recorders last; stable within a role. */
const ROLE_ORDER: readonly ParticipantRole[] = [
  ...PARTICIPANT_ROLES.filter((r) => r !== 'recorder'),
  'recorder',
];

/** 出席 = everyone but observers; 列席 = observers. */
export function splitAttendees(attendees: readonly RecordAttendee[]): {
  present: RecordAttendee[];
  observers: RecordAttendee[];
} {
  const rank = (a: RecordAttendee): number => ROLE_ORDER.indexOf(a.role);
  const present = attendees.filter((a) => a.role !== 'observer');
  return {
    // Array.prototype.sort is stable, so join order is kept within a role.
    present: present.sort((x, y) => rank(x) - rank(y)),
    observers: attendees.filter((a) => a.role === 'observer'),
  };
}

/** `（共 12 人：现场 8 人、线上 4 人）` for one attendance list. */
export function attendanceCount(list: readonly RecordAttendee[]): string {
  const room = list.filter((a) => a.attendance === 'room').length;
  const remote = list.length - room;
  return `（共 ${list.length} 人：${ATTENDANCE_LABELS.room} ${room} 人、${ATTENDANCE_LABELS.remote} ${remote} 人）`;
}

/** `委员 3 人、部门负责人 2 人…`, skipping roles nobody held. */
export function roleBreakdown(byRole: Record<ParticipantRole, number>): string {
  const parts = PARTICIPANT_ROLES.filter((r) => byRole[r] > 0).map(
    (r) => `${ROLE_LABELS[r]} ${byRole[r]} 人`,
  );
  return joinNames(parts);
}

/**
 * `同意 12 票（现场 8、线上 3、举手 1），反对 1 票，弃权 0 票；应到 15 人，实投 13 票`.
 * A choice's channel breakdown lists only channels that gave it votes. `eligible` and `cast`
 * are the vote's turnout (shared/protocol/turnout.ts), the numbers the screens showed.
 */
export function tallySentence(vote: RecordVote): string {
  if (vote.options) {
    const options = optionTallySentence(vote.options, vote.cast, vote.eligible, vote.secret);
    return `${optionListLine(vote.options)}。${options}${secretNote(vote)}`;
  }
  const choices = CHOICES.map((c) => {
    const total = vote.totals[c];
    // A secret vote is published as combined totals only (server/voting/secret-tally.ts).
    const parts = CHANNELS.filter((ch) => !vote.secret && vote.byChannel[ch][c] > 0).map(
      (ch) => `${CHANNEL_LABELS[ch]} ${vote.byChannel[ch][c]}`,
    );
    const detail = total > 0 && parts.length > 0 ? `（${parts.join('、')}）` : '';
    return `${CHOICE_LABELS[c]} ${total} 票${detail}`;
  });
  // 应到 is the roster, people without a phone (the hall's hands) included (issue 10).
  return `${choices.join('，')}；应到 ${vote.eligible} 人，实投 ${vote.cast} 票${secretNote(vote)}`;
}

/**
 * `。无记名投票：不分渠道显示（投票人数：现场 8 人、线上 1 人、举手 4 人）`, and the minimum-group
 * warning when totals minus the public hall count reveal a few electronic ballots.
 */
export function secretNote(vote: RecordVote): string {
  const turnout = vote.secretTurnout;
  if (!vote.secret || !turnout) return '';
  const who = CHANNELS.map((ch) => `${CHANNEL_LABELS[ch]} ${turnout.voters[ch]} 人`).join('、');
  const electronic = turnout.voters.room + turnout.voters.remote;
  const small = turnout.smallGroup
    ? `。注意：电子投票仅 ${electronic} 人（少于 ${turnout.minGroup} 人），总票数减去公开的举手数可推知其选择`
    : '';
  return `。无记名投票：不分渠道显示（投票人数：${who}）${small}`;
}

/** `表决方式：记名投票；表决规则：简单多数；表决结果：通过`. */
export function voteRuleLine(vote: RecordVote): string {
  const method = vote.secret ? '无记名投票' : '记名投票';
  const quorum = vote.quorum
    ? `；法定人数：至少 ${vote.quorum.required} 票（${vote.quorum.met ? '已达到' : '未达到'}）`
    : '';
  if (vote.options) {
    return `表决方式：${method}，${optionMethod(vote)}${quorum}；表决结果：${optionOutcome(vote)}`;
  }
  return `表决方式：${method}；表决规则：${RULE_LABELS[vote.rule]}${quorum}；表决结果：${OUTCOME_LABELS[vote.outcome]}`;
}

/**
 * The audit chain's head hash and the signing key, printed so a paper copy can be checked
 * against the file: `verify-record --key <fingerprint>` trusts the key this line names.
 */
export function auditLine(record: Pick<MeetingRecord, 'audit' | 'signature'>): string | null {
  if (!record.audit) return null;
  const signed = record.signature
    ? `；签名公钥（Ed25519）：${record.signature.publicKey}，指纹：${record.signature.fingerprint}`
    : '';
  return `审计记录链头哈希（SHA-256）：${record.audit.headHash}${signed}（以 npm run verify-record 校验）`;
}

/** Names per choice of an open ballot (hall hands are never named); empty for secret ones. */
export function rollLines(vote: RecordVote): string[] {
  const roll = vote.roll;
  if (vote.secret || roll === null) return [];
  if (vote.options) return optionRollLines(vote, joinNames);
  return CHOICES.map((c) => {
    const names = roll[c];
    const count = names.length > 0 ? `（${names.length} 人）` : '';
    return `${CHOICE_LABELS[c]}${count}：${joinNames(names)}`;
  });
}

const LEVEL_NAMES: Record<LadderLevel, string> = {
  support: '支持',
  accept: '可以接受',
  reservations: '有保留',
  oppose: '反对',
};
const DECISION_NAMES: Record<LadderDecision, string> = {
  consensus: '达成共识',
  consensus_with_reservations: '有保留地达成共识',
  not_reached: '未达成共识',
};

/** The lines of one consensus ladder in the record: final text, revisions, decision, dissent. */
export function ladderLines(ladder: RecordLadder): string[] {
  const final = ladder.versions.at(-1)!;
  const lines = [`${final.text}（第 ${ladder.versions.length} 稿）`];
  if (ladder.versions.length > 1) {
    lines.push(
      `历次修改稿：${ladder.versions
        .slice(0, -1)
        .map((v, i) => `第 ${i + 1} 稿：${v.text}`)
        .join('；')}`,
    );
  }
  lines.push(
    `最终态度：${LADDER_LEVELS.map((l) => `${LEVEL_NAMES[l]} ${ladder.counts[l]} 人`).join('，')}`,
  );
  lines.push(`协商结果：${ladder.decision ? DECISION_NAMES[ladder.decision] : '尚未决定'}`);
  if (ladder.dissent.length > 0) {
    const who = ladder.dissent.map(
      (d) => `${d.name}（${LEVEL_NAMES[d.level]}${d.reason ? `：${d.reason}` : ''}）`,
    );
    lines.push(`异议与保留：${who.join('；')}`);
  }
  if (ladder.objections.length > 0) {
    const raised = ladder.objections.map(
      (o) => `${o.name}（第 ${o.version + 1} 稿）：${o.reason ?? ''}`,
    );
    lines.push(`协商中提出的反对意见：${raised.join('；')}`);
  }
  return lines;
}

/** `代为表决：赵奶奶（王主任录入，见证人李大爷）`, `委托表决：钱大爷（受托人孙婶）`. */
export function delegatedLines(vote: RecordVote): string[] {
  const lines: string[] = [];
  if (vote.assisted?.length) {
    const who = vote.assisted.map((a) => `${a.voter}（${a.by}录入，见证人${a.witness}）`);
    lines.push(`代为表决：${who.join('；')}`);
  }
  if (vote.proxies?.length) {
    lines.push(
      `委托表决：${vote.proxies.map((p) => `${p.voter}（受托人${p.holder}）`).join('；')}`,
    );
  }
  return lines;
}
