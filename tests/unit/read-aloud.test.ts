import { get } from 'svelte/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { _, addMessages, init, locale } from '../../client/src/i18n/store';
import zh from '../../client/src/i18n/zh-CN.json';
import en from '../../client/src/i18n/en.json';
import zhSpeech from '../../client/src/i18n/zh-CN.speech.json';
import enSpeech from '../../client/src/i18n/en.speech.json';
import {
  composeReading,
  MAX_UTTERANCE,
  splitSentences,
  textLang,
} from '../../client/src/lib/read-aloud/compose';
import { pickVoice } from '../../client/src/lib/read-aloud/voices';
import type { Vote } from '../../client/src/lib/protocol';

/** A vote as the phone receives it; only what the reading looks at matters. */
function vote(fields: Partial<Vote>): Vote {
  return {
    id: 'v1',
    proposal: '同意在3号楼东侧加装电梯',
    rule: 'simple_majority',
    secret: false,
    status: 'open',
    outcome: null,
    tally: { totals: { agree: 0, oppose: 0, abstain: 0 }, cast: 0, eligible: 3 },
    ...fields,
  } as Vote;
}

const OPTIONS = ['东侧空地', '西侧停车场', '北侧绿地'];
const closedOptions = vote({
  kind: 'single',
  options: OPTIONS,
  status: 'closed',
  outcome: 'chosen',
  tally: {
    totals: { agree: 0, oppose: 0, abstain: 0 },
    cast: 3,
    eligible: 3,
    options: {
      labels: OPTIONS,
      maxChoices: 1,
      byChannel: { phone: [2, 1, 0], remote: [0, 0, 0], hall: [0, 0, 0] },
      voters: { phone: 3, remote: 0, hall: 0 },
      totals: [2, 1, 0],
      ranking: [0, 1, 2],
    },
  } as unknown as Vote['tally'],
});

const texts = (l: 'zh-CN' | 'en', v: Vote): { text: string; lang: string }[] =>
  composeReading(v, get(_), l);

beforeAll(async () => {
  addMessages('zh-CN', zh, zhSpeech);
  addMessages('en', en, enSpeech);
  await init({ fallbackLocale: 'zh-CN', initialLocale: 'zh-CN' });
});

describe('what the phone reads aloud', () => {
  it('an open approval vote in Chinese: the motion, the rule, the three choices', async () => {
    await locale.set('zh-CN');
    expect(texts('zh-CN', vote({}))).toEqual([
      {
        text: '表决事项：同意在3号楼东侧加装电梯。过半数同意即通过。可以选择：同意、反对、弃权。',
        lang: 'zh-CN',
      },
    ]);
  });

  it('an open approval vote in English: English framing, the Chinese motion in Chinese', async () => {
    await locale.set('en');
    expect(texts('en', vote({ rule: 'two_thirds' }))).toEqual([
      { text: 'Motion:', lang: 'en' },
      { text: '同意在3号楼东侧加装电梯。', lang: 'zh-CN' },
      {
        text: 'Passes with two thirds agreeing. You can choose: agree, oppose or abstain.',
        lang: 'en',
      },
    ]);
    // An English motion stays in one English utterance with its framing.
    const english = texts('en', vote({ proposal: 'Build a lift at block 3' }));
    expect(english).toEqual([
      {
        text: 'Motion: Build a lift at block 3. Passes with more than half agreeing. You can choose: agree, oppose or abstain.',
        lang: 'en',
      },
    ]);
  });

  it('an open option vote reads every option with its number, in both languages', async () => {
    await locale.set('zh-CN');
    const zhText = texts('zh-CN', vote({ kind: 'multiple', maxChoices: 2, options: OPTIONS }))
      .map((u) => u.text)
      .join('');
    expect(zhText).toBe(
      '表决事项：同意在3号楼东侧加装电梯。多选，最多选2项。第1项：东侧空地。第2项：西侧停车场。第3项：北侧绿地。',
    );
    await locale.set('en');
    const enUtterances = texts('en', vote({ kind: 'single', options: OPTIONS }));
    expect(enUtterances.map((u) => `${u.lang}|${u.text}`)).toEqual([
      'en|Motion:',
      'zh-CN|同意在3号楼东侧加装电梯。',
      'en|Choose one option. Option 1:',
      'zh-CN|东侧空地。',
      'en|Option 2:',
      'zh-CN|西侧停车场。',
      'en|Option 3:',
      'zh-CN|北侧绿地。',
    ]);
  });

  it('a closed vote reads its outcome: passed, or the chosen option', async () => {
    await locale.set('zh-CN');
    const passed = vote({ status: 'closed', outcome: 'passed' });
    expect(
      texts('zh-CN', passed)
        .map((u) => u.text)
        .join(''),
    ).toBe('表决事项：同意在3号楼东侧加装电梯。表决已结束。表决结果：通过。');
    expect(
      texts('zh-CN', closedOptions)
        .map((u) => u.text)
        .join(''),
    ).toBe('表决事项：同意在3号楼东侧加装电梯。表决已结束。选定：东侧空地。');
    await locale.set('en');
    expect(texts('en', passed).at(-1)).toEqual({
      text: 'The vote is closed. Result: Passed.',
      lang: 'en',
    });
    expect(texts('en', closedOptions).at(-1)).toEqual({
      text: 'Chosen: 东侧空地。',
      lang: 'zh-CN',
    });
    // Closed, result not in yet.
    expect(texts('en', vote({ status: 'closed' })).at(-1)!.text).toMatch(/counting/i);
  });

  it('a 300-character motion is cut at sentence ends into utterances of at most 120', () => {
    const motion = '由村两委牵头组织施工并公示费用明细，接受村民监督。'.repeat(12).slice(0, 300);
    const pieces = splitSentences(motion);
    expect(pieces.join('')).toBe(motion);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(MAX_UTTERANCE);
    expect(pieces.slice(0, -1).every((p) => p.endsWith('。'))).toBe(true);
    // Text without any sentence end is still cut.
    expect(splitSentences('好'.repeat(300)).map((p) => p.length)).toEqual([120, 120, 60]);
  });

  it('reads Han text in Chinese, everything else in the UI language', () => {
    expect(textLang('Build a lift', 'en')).toBe('en');
    expect(textLang('电梯 lift', 'en')).toBe('zh-CN');
    expect(textLang('Build a lift', 'zh-CN')).toBe('zh-CN');
  });

  it('picks the Mandarin voice of mainland China first, Cantonese last, none for no match', () => {
    const v = (lang: string) => ({ lang, name: lang });
    expect(pickVoice([v('zh-HK'), v('zh-TW'), v('zh_CN'), v('en-US')], 'zh-CN')?.lang).toBe(
      'zh_CN',
    );
    expect(pickVoice([v('zh-HK'), v('cmn')], 'zh-CN')?.lang).toBe('cmn');
    expect(pickVoice([v('en-GB'), v('en-US')], 'en')?.lang).toBe('en-US');
    expect(pickVoice([v('en-US'), v('fr-FR')], 'zh-CN')).toBeNull();
    expect(pickVoice([], 'en')).toBeNull();
  });
});
