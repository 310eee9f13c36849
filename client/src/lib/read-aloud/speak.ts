/**
 * Reads utterances with the browser's speech synthesis (Web Speech API), each with the best
 * voice for its language, falling back to the UI language's voice. Loaded on the first tap of
 * the read-aloud button, never with the page.
 */
import type { Utterance } from './compose';
import { pickVoice } from './voices';

/** Starts reading (stopping whatever was being read); resolves when done or stopped. */
export function speak(utterances: Utterance[], uiLang: string): Promise<void> {
  const synth = window.speechSynthesis;
  synth.cancel();
  const voices = synth.getVoices();
  const fallback = pickVoice(voices, uiLang);
  return new Promise((resolve) => {
    if (utterances.length === 0 || !fallback) {
      resolve();
      return;
    }
    utterances.forEach((u, i) => {
      const voice = pickVoice(voices, u.lang) ?? fallback;
      const utterance = new SpeechSynthesisUtterance(u.text);
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      try {
        utterance.voice = voice;
      } catch {
        // some engines accept only their own voice objects: the language then chooses
      }
      if (i === utterances.length - 1) {
        utterance.onend = () => resolve();
        utterance.onerror = () => resolve();
      }
      synth.speak(utterance);
    });
  });
}

export function stop(): void {
  window.speechSynthesis.cancel();
}
