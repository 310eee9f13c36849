/**
 * Chinese wording of option votes (单选 / 多选) in the record: the options in ranked order
 * with their counts by channel, and for single choice the option chosen or the tie.
 * Kept apart from labels.ts, which calls these for votes that carry options.
 */
import {
  CHANNELS,
  optionOutcomeText,
  type Channel,
  type OptionTally,
  type OutcomeWords,
  type RecordVote,
} from '../../shared/protocol';

const CHANNEL_NAMES: Record<Channel, string> = { room: '现场', remote: '线上', hall: '举手' };

/** `单选` / `多选（每票最多选 2 项）`. */
export function optionMethod(vote: RecordVote): string {
  const options = vote.options!;
  return vote.kind === 'multiple' ? `多选（每票最多选 ${options.maxChoices} 项）` : '单选';
}

/** `第1名 老粮站 5 票（现场 2、线上 1、举手 2）；第2名 …`, in ranked order. */
export function optionTallySentence(
  options: OptionTally,
  cast: number,
  eligible: number,
  /** Secret votes: combined totals only, no split by channel. */
  secret = false,
): string {
  const lines = options.ranking.map((i, place) => {
    const parts = CHANNELS.filter((ch) => !secret && options.byChannel[ch][i]! > 0).map(
      (ch) => `${CHANNEL_NAMES[ch]} ${options.byChannel[ch][i]}`,
    );
    const detail = parts.length > 0 ? `（${parts.join('、')}）` : '';
    return `第${place + 1}名 ${options.labels[i]} ${options.totals[i]} 票${detail}`;
  });
  // 应到 is the roster: people without a phone who raised a hand in the hall are on it.
  return `${lines.join('；')}；应到 ${eligible} 人，实际投票 ${cast} 人`;
}

/** `选项：1. 村委会东侧；2. 老粮站；3. 学校旁`, in the order they were on the ballot. */
export const optionListLine = (options: OptionTally): string =>
  `选项：${options.labels.map((l, i) => `${i + 1}. ${l}`).join('；')}`;

/** The record's words for shared/protocol/option-outcome.ts (the screens use the same logic). */
export const RECORD_OUTCOME_WORDS: OutcomeWords = {
  // Read after `表决结果：`: 表决结果：选定老粮站、学校旁.
  chosen: (list) => `选定${list}`,
  tied: (list) => `${list}票数相同，未决出`,
  none: '无人投票',
  separator: '、',
  join: '；',
};

/** The outcome of an option vote in words, naming the chosen options (and a tie). */
export const optionOutcome = (vote: RecordVote): string =>
  optionOutcomeText(vote, vote.options, RECORD_OUTCOME_WORDS) ?? '未达到法定人数';

/** Names per option of an open ballot; hall hands are never named. */
export function optionRollLines(vote: RecordVote, join: (names: string[]) => string): string[] {
  const names = vote.roll?.options;
  if (vote.secret || !names || !vote.options) return [];
  return vote.options.labels.map((label, i) => {
    const who = names[i] ?? [];
    return `${label}${who.length > 0 ? `（${who.length} 人）` : ''}：${join(who)}`;
  });
}
