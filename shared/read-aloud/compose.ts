/**
 * What the phone reads aloud (朗读) for a vote, as utterances: the motion, then how to vote
 * (the rule and the three choices, or the options one by one), or, once closed, the outcome.
 * The framing words are in the UI's language; the motion and the option labels are read in
 * the language they are written in (Chinese text by a Chinese voice even on an English page).
 * Pure: the wording comes from the caller's formatter, so both languages are unit-tested, and
 * the phone (client/src/lib/read-aloud) and the server's clip (server/speech) say the same.
 */
import type { Vote } from '../protocol';
import { outcomeLine, type Formatter } from './outcome-text';

export interface Utterance {
  text: string;
  /** BCP 47: `zh-CN` or `en`. */
  lang: string;
}

/** Long text is cut at sentence ends: some engines stop a single utterance after ~15 s. */
export const MAX_UTTERANCE = 120;

const HAN = /\p{Script=Han}/u;

/** The language a piece of user text is read in: Chinese if it holds any Han character. */
export const textLang = (text: string, uiLang: string): string =>
  HAN.test(text) ? 'zh-CN' : uiLang;

/** Splits after sentence ends (。！？；. ! ? ;) so no piece is longer than `max` if it can be helped. */
export function splitSentences(text: string, max = MAX_UTTERANCE): string[] {
  const sentences = text.match(/[^。！？；.!?;\n]+[。！？；.!?;\n]*|[。！？；.!?;\n]+/gu) ?? [];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > max) {
      pieces.push(current);
      current = '';
    }
    current += sentence;
    while (current.length > max) {
      pieces.push(current.slice(0, max));
      current = current.slice(max);
    }
  }
  if (current.trim()) pieces.push(current);
  return pieces.map((p) => p.trim()).filter(Boolean);
}

/** The utterances for a vote as the phone shows it now. */
export function composeReading(vote: Vote, t: Formatter, uiLang: string): Utterance[] {
  const out: Utterance[] = [];
  const say = (text: string, lang = uiLang): void => {
    for (const piece of splitSentences(text)) {
      const last = out.at(-1);
      // One utterance per language run: fewer pauses, same voice.
      if (last && last.lang === lang && last.text.length + piece.length <= MAX_UTTERANCE) {
        last.text += (lang.startsWith('zh') ? '' : ' ') + piece;
      } else out.push({ text: piece, lang });
    }
  };
  const stop = t('speech.stop');
  /** User text, closed with a full stop so the next words are a new sentence. */
  const user = (text: string): void => {
    const trimmed = text.trim();
    const lang = textLang(trimmed, uiLang);
    // The full stop of the text's own language: a Chinese voice reads "." as a word.
    const end = lang === uiLang ? stop : '。';
    say(/[。！？；.!?;]$/u.test(trimmed) ? trimmed : trimmed + end, lang);
  };

  say(t('speech.motion'));
  user(vote.proposal);
  if (vote.status === 'open') {
    if (vote.options) {
      say(
        vote.kind === 'multiple'
          ? t('speech.multiple', { values: { max: vote.maxChoices ?? 1 } })
          : t('speech.single'),
      );
      vote.options.forEach((label, i) => {
        say(t('speech.option', { values: { n: i + 1 } }));
        user(label);
      });
    } else {
      say(t(`rule.${vote.rule}`) + stop);
      say(t('speech.choices'));
    }
  } else if (vote.outcome) {
    say(t('speech.closed'));
    user(outcomeLine(vote, t));
  } else say(t('vote.closing'));
  return out;
}
