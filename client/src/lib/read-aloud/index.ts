/**
 * The read-aloud engine, imported on the first tap of 朗读: the wording (with its own small
 * message files, i18n/speech.ts), the speech synthesis, and the server's clip for phones
 * without a voice (clip.ts). Nothing here loads with the page.
 */
import { get } from 'svelte/store';
import { _ } from '../../i18n/store';
import { ready } from '../../i18n/speech';
import type { Vote } from '../protocol';
import { playClip, stopClip } from './clip';
import { composeReading } from './compose';
import { speak } from './speak';
import { pickVoice } from './voices';

/** Voices arrive asynchronously on many phones (voiceschanged): wait for them once, briefly. */
let waited = false;
async function hasVoice(synth: SpeechSynthesis, lang: string): Promise<boolean> {
  if (!waited && synth.getVoices().length === 0) {
    waited = true;
    await new Promise<void>((resolve) => {
      synth.addEventListener('voiceschanged', () => resolve(), { once: true });
      setTimeout(resolve, 1000);
    });
  }
  return pickVoice(synth.getVoices(), lang) !== null;
}

/**
 * Reads the vote as it stands, with the phone's voice or else the server's clip played in
 * `audio`; resolves when the reading ends or is stopped, with null or the key of a message
 * saying why it could not read (`readAloud.noVoice`/`noApi`: neither way can, on this phone).
 */
export async function readAloud(
  vote: Vote,
  uiLang: string,
  audio: HTMLAudioElement,
): Promise<string | null> {
  await ready();
  const synth = 'speechSynthesis' in window ? window.speechSynthesis : null;
  if (synth && (await hasVoice(synth, uiLang))) {
    await speak(composeReading(vote, get(_), uiLang), uiLang);
    return null;
  }
  const failure = await playClip(vote.id, uiLang, audio);
  if (!failure) return null;
  if (failure === 'SPEECH_UNAVAILABLE') return synth ? 'readAloud.noVoice' : 'readAloud.noApi';
  return failure === 'SPEECH_BUSY' ? 'readAloud.clipBusy' : 'readAloud.clipFailed';
}

export function stop(): void {
  stopClip();
  if ('speechSynthesis' in window) window.speechSynthesis?.cancel();
}
