/**
 * Text for espeak-ng, whose Mandarin dictionary (Debian 12, 1.51) lacks most characters but
 * whose `cmn-latn-pinyin` voice reads tone-numbered pinyin well: Chinese becomes pinyin here
 * (pinyin-pro, polyphones by word context: 银行 hang2, 行走 xing2), numbers Chinese words first
 * (numbers.ts), punctuation pauses, short or capitalised Latin words are spelled letter by letter
 * (APP, CT) and longer ones read by the English voice. Whatever else the text holds (markup,
 * emoji, other scripts) is dropped: it comes from the network. Pure.
 */
import { pinyin } from 'pinyin-pro';
import { numbersToHanzi } from './numbers';

export type SpeechVoice = 'zh' | 'en';
export interface Segment {
  voice: SpeechVoice;
  text: string;
}

const HAN = /\p{Script=Han}/u;
/** Han runs, Latin words, sentence ends, other pauses, and anything else one at a time. */
const TOKEN =
  /(\p{Script=Han}+)|([A-Za-z]+(?:'[A-Za-z]+)?)|([。！？；.!?;…]+)|([，、：,:（）()《》「」『』“”"'\-—～~/\s]+)|(.)/gsu;
/** One syllable as pinyin-pro gives it: letters (ü), then the tone (0 = neutral). */
const SYLLABLE = /^([a-zü]+)([0-4])$/;

/** Spelled letter by letter by the Chinese voice (its letter names: A → ei, B → bi). */
const spelled = (word: string): boolean =>
  word.length <= 3 || (word === word.toUpperCase() && word.length <= 8);

/** A Han run as espeak's pinyin: `yin2 hang2`; ü as v, the neutral tone as 5. */
export function hanToPinyin(run: string): string {
  return pinyin(run, { toneType: 'num', type: 'array' })
    .map((s) => SYLLABLE.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1]!.replace(/ü/g, 'v') + (m[2] === '0' ? '5' : m[2]!))
    .join(' ');
}

function push(out: Segment[], voice: SpeechVoice, text: string): void {
  const last = out.at(-1);
  if (last && last.voice === voice) last.text += text;
  else out.push({ voice, text });
}

/** Chinese text (as the read-aloud composes it) as segments for the two espeak voices. */
export function chineseSegments(text: string): Segment[] {
  const out: Segment[] = [];
  const prepared = numbersToHanzi(text.normalize('NFKC'));
  for (const m of prepared.matchAll(TOKEN)) {
    const [, han, word, end, pause] = m;
    if (han) push(out, 'zh', ` ${hanToPinyin(han)} `);
    else if (word && spelled(word)) push(out, 'zh', ` ${[...word.toUpperCase()].join(' ')} `);
    else if (word) push(out, 'en', ` ${word} `);
    else if (end) push(out, 'zh', '. ');
    else if (pause && pause.trim()) push(out, 'zh', ', ');
    else push(out, out.at(-1)?.voice ?? 'zh', ' ');
  }
  return tidy(out);
}

/** English text for the English voice: Latin letters, digits and plain punctuation only. */
export function englishSegments(text: string): Segment[] {
  const clean = text
    .normalize('NFKC')
    .replace(/[^\p{Script=Latin}\p{N}.,?!;:'\-\s]/gu, ' ')
    .replace(/\p{N}/gu, (d) => (/[0-9]/.test(d) ? d : ' '));
  return tidy([{ voice: 'en', text: clean }]);
}

/** Spaces collapsed, segments without a letter or digit gone, neighbours of one voice merged. */
function tidy(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (/[\p{L}\p{N}]/u.test(s.text)) push(out, s.voice, ` ${s.text}`);
  }
  return out.map((s) => ({
    voice: s.voice,
    text: s.text
      .replace(/\s+/g, ' ')
      .replace(/ ([,.])/g, '$1')
      .replace(/([,.])(?:[ ,.]*[,.])+/g, '$1')
      .replace(/^[ ,.]+/, '')
      .trim(),
  }));
}

/** The segments of one utterance in its language (`zh-CN` or `en`). */
export const segmentsFor = (text: string, lang: string): Segment[] =>
  lang.startsWith('zh') || HAN.test(text) ? chineseSegments(text) : englishSegments(text);
