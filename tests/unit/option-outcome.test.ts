import { describe, expect, it } from 'vitest';
import { optionDecision, optionOutcomeText, type OptionTally } from '../../shared/protocol';
import { voteTone } from '../../client/src/lib/outcome';
import { RECORD_OUTCOME_WORDS } from '../../server/export/option-labels';
import { ranking } from '../../server/voting/options';
import en from '../../client/src/i18n/en.json';
import zh from '../../client/src/i18n/zh-CN.json';

/** An option vote's outcome names what it chose (issue 10: not "已按得票排序"). */

const LABELS = ['A', 'B', 'C', 'D'];
const tally = (totals: number[], maxChoices = 2): OptionTally => ({
  labels: LABELS.slice(0, totals.length),
  maxChoices,
  byChannel: { room: totals, remote: totals.map(() => 0), hall: totals.map(() => 0) },
  voters: { room: 0, remote: 0, hall: 0 },
  totals,
  ranking: ranking(totals),
});

/** The client's words, from its i18n files (the same templates the pages use). */
const clientWords = (dict: typeof zh) => ({
  chosen: (list: string) => dict.vote.chosenList.replace('{options}', list),
  tied: (list: string) => dict.vote.tiedList.replace('{options}', list),
  none: dict.vote.noVotes,
  separator: dict.lang.listSeparator,
  join: dict.vote.outcomeJoin,
});

describe('option outcome: the chosen options by name, ties explicit', () => {
  it('multiple choice chooses the N options with most votes', () => {
    expect(optionDecision(tally([5, 1, 4, 0]), false)).toEqual({ chosen: [0, 2], tied: [] });
    const vote = { outcome: 'ranked' as const, kind: 'multiple' as const };
    expect(optionOutcomeText(vote, tally([5, 1, 4, 0]), clientWords(zh))).toBe('选定：A、C');
    expect(optionOutcomeText(vote, tally([5, 1, 4, 0]), clientWords(en))).toBe('Chosen: A, C');
    expect(optionOutcomeText(vote, tally([5, 1, 4, 0]), RECORD_OUTCOME_WORDS)).toBe('选定A、C');
  });

  it('a tie for the last place is named as a tie, only those above it are chosen', () => {
    expect(optionDecision(tally([5, 3, 3, 1]), false)).toEqual({ chosen: [0], tied: [1, 2] });
    const vote = { outcome: 'ranked' as const, kind: 'multiple' as const };
    expect(optionOutcomeText(vote, tally([5, 3, 3, 1]), clientWords(zh))).toBe(
      '选定：A；并列：B、C，未决出',
    );
    expect(optionOutcomeText(vote, tally([5, 3, 3, 1]), clientWords(en))).toBe(
      'Chosen: A; Tied: B, C (undecided)',
    );
    // Everyone level: nothing chosen, all tied.
    expect(optionDecision(tally([2, 2, 2]), false)).toEqual({ chosen: [], tied: [0, 1, 2] });
  });

  it('options without a vote are never chosen; no votes at all says so', () => {
    expect(optionDecision(tally([3, 0, 0]), false)).toEqual({ chosen: [0], tied: [] });
    const vote = { outcome: 'ranked' as const, kind: 'multiple' as const };
    expect(optionOutcomeText(vote, tally([0, 0, 0]), clientWords(zh))).toBe('无人投票');
  });

  it('single choice: the plurality option, or the tie at the top', () => {
    const single = (totals: number[], outcome: 'chosen' | 'no_winner') =>
      optionOutcomeText({ outcome, kind: 'single' }, tally(totals, 1), clientWords(zh));
    expect(single([1, 4, 2], 'chosen')).toBe('选定：B');
    expect(single([4, 4, 2], 'no_winner')).toBe('并列：A、B，未决出');
  });

  it('names nothing for approval votes, open votes or a missed quorum', () => {
    const words = clientWords(zh);
    expect(optionOutcomeText({ outcome: 'passed' }, undefined, words)).toBeNull();
    expect(optionOutcomeText({ outcome: null, kind: 'multiple' }, tally([1, 2]), words)).toBeNull();
    expect(
      optionOutcomeText({ outcome: 'no_quorum', kind: 'multiple' }, tally([1, 2]), words),
    ).toBeNull();
  });

  it('a multiple-choice vote that chose nothing (all tied) reads as not decided', () => {
    const closed = (totals: number[]) =>
      ({
        outcome: 'ranked',
        kind: 'multiple',
        options: LABELS.slice(0, totals.length),
        tally: { options: tally(totals) },
      }) as unknown as Parameters<typeof voteTone>[0];
    expect(voteTone(closed([3, 1, 2]))).toBe('good');
    expect(voteTone(closed([2, 2, 2]))).toBe('bad');
  });
});
