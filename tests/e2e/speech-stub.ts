import type { Page } from '@playwright/test';

/** The browser's TTS engine, replaced: voices for the given languages, utterances recorded. */
export const STUB = (langs: string[]): void => {
  const w = window as unknown as { __spoken: { text: string; lang: string }[] };
  w.__spoken = [];
  const voices = langs.map((lang) => ({
    lang,
    name: `Stub ${lang}`,
    voiceURI: `stub-${lang}`,
    default: false,
    localService: true,
  }));
  const synth = window.speechSynthesis;
  synth.getVoices = () => voices as unknown as SpeechSynthesisVoice[];
  synth.speak = (u: SpeechSynthesisUtterance) => {
    w.__spoken.push({ text: u.text, lang: u.lang });
    setTimeout(() => u.onend?.(new Event('end') as SpeechSynthesisEvent), 20);
  };
  synth.cancel = () => undefined;
};

export const spoken = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken,
  );
