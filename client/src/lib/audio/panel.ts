/** The audio panel with its messages, both loaded on demand (never in a phone's first load). */
export async function loadAudioPanel() {
  const [panel] = await Promise.all([
    import('../../components/audio/AudioPanel.svelte'),
    import('../../i18n/audio').then((m) => m.ready()),
  ]);
  return panel;
}
