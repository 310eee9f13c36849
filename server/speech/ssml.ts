/**
 * The read-aloud utterances (shared/read-aloud/compose.ts) as one SSML document for espeak-ng:
 * Chinese as tone-numbered pinyin for its `cmn-latn-pinyin` voice, English for its `en` voice.
 * The text inside holds only letters, digits, spaces and plain punctuation (pinyin-text.ts), and
 * is escaped all the same. Pure.
 */
import type { Utterance } from '../../shared/read-aloud/compose';
import { segmentsFor, type SpeechVoice } from './pinyin-text';

export const ESPEAK_VOICES: Record<SpeechVoice, string> = { zh: 'cmn-latn-pinyin', en: 'en' };

/**
 * At most this much SSML per clip: ~30 minutes of speech (~140 bytes of MP3 a character), more
 * than a 4000-character motion (`LIMITS.proposalChars`: 19 minutes) with ten long options.
 */
export const MAX_SSML_CHARS = 40_000;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toSsml(utterances: readonly Utterance[]): string {
  let body = '';
  for (const u of utterances) {
    // Never more text converted than can fit (a 4000-character motion is ~2 000 syllables).
    const room = MAX_SSML_CHARS - body.length;
    if (room <= 0) break;
    for (const segment of segmentsFor(u.text.slice(0, room), u.lang)) {
      const piece = `<voice name="${ESPEAK_VOICES[segment.voice]}">${escapeXml(segment.text)}</voice>\n`;
      if (body.length + piece.length > MAX_SSML_CHARS) return `<speak>\n${body}</speak>\n`;
      body += piece;
    }
  }
  return `<speak>\n${body}</speak>\n`;
}
