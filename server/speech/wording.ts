/**
 * The server's side of the read-aloud wording: the same composition as the phone
 * (shared/read-aloud/compose.ts) over the same message files (client/src/i18n), so the clip
 * says exactly what the phone's own voice would.
 */
import { formatMessage } from '../../client/src/i18n/format';
import en from '../../client/src/i18n/en.json' with { type: 'json' };
import enSpeech from '../../client/src/i18n/en.speech.json' with { type: 'json' };
import zh from '../../client/src/i18n/zh-CN.json' with { type: 'json' };
import zhSpeech from '../../client/src/i18n/zh-CN.speech.json' with { type: 'json' };
import type { Vote } from '../../shared/protocol';
import { composeReading, type Utterance } from '../../shared/read-aloud/compose';
import type { Formatter } from '../../shared/read-aloud/outcome-text';

export const SPEECH_LOCALES = ['zh-CN', 'en'] as const;
export type SpeechLocale = (typeof SPEECH_LOCALES)[number];

type Dict = { [key: string]: string | Dict };

function flatten(dicts: Dict[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dict: Dict, prefix: string): void => {
    for (const [key, value] of Object.entries(dict)) {
      if (typeof value === 'string') out.set(prefix + key, value);
      else walk(value, `${prefix}${key}.`);
    }
  };
  for (const dict of dicts) walk(dict, '');
  return out;
}

const MESSAGES: Record<SpeechLocale, Map<string, string>> = {
  'zh-CN': flatten([zh, zhSpeech]),
  en: flatten([en, enSpeech]),
};

/** A formatter like the client's `$_`: a missing English message falls back to Chinese. */
export function formatterFor(locale: SpeechLocale): Formatter {
  return (key, options) => {
    const message = MESSAGES[locale].get(key) ?? MESSAGES['zh-CN'].get(key) ?? key;
    if (!options?.values) return message;
    try {
      return formatMessage(message, options.values, locale);
    } catch {
      return message;
    }
  };
}

/** What the phone reads for this vote (as the public sees it) in this language. */
export const readingOf = (vote: Vote, locale: SpeechLocale): Utterance[] =>
  composeReading(vote, formatterFor(locale), locale);
