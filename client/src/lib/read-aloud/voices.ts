/**
 * Which of the phone's speech-synthesis voices reads a language: Mandarin (zh-CN first, then
 * other Mandarin voices, Taiwan and Hong Kong last) or English. None: the engine plays the
 * server's clip instead (clip.ts).
 */
const PREFERENCES: Record<string, string[]> = {
  zh: ['zh-cn', 'cmn-cn', 'cmn-hans-cn', 'zh-hans-cn', 'cmn', 'zh-sg', 'zh', 'zh-tw', 'zh-hk'],
  en: ['en-us', 'en-gb', 'en'],
};

type VoiceLike = Pick<SpeechSynthesisVoice, 'lang'>;

export function pickVoice<V extends VoiceLike>(voices: readonly V[], lang: string): V | null {
  const wanted = PREFERENCES[lang.toLowerCase().startsWith('zh') ? 'zh' : 'en']!;
  let best: V | null = null;
  let bestRank = Infinity;
  for (const voice of voices) {
    const tag = voice.lang.replace(/_/g, '-').toLowerCase();
    const rank = wanted.findIndex((w) => tag === w || tag.startsWith(`${w}-`));
    if (rank >= 0 && rank < bestRank) {
      best = voice;
      bestRank = rank;
    }
  }
  return best;
}
