import type { Route } from '../../shared/routes';

/** The part of Vite's build manifest (`.vite/manifest.json`) we read. */
export type Manifest = Record<string, { file: string; imports?: string[]; css?: string[] }>;

/**
 * What each route imports as soon as it is matched (client/src/App.svelte), by source path
 * relative to client/. The hall screen and the home page also wait for their messages, staff
 * pages for those and the staff messages.
 */
export const ROUTE_MODULES: Record<Route['name'], string[]> = {
  home: ['src/pages/Home.svelte', 'src/i18n/screen.ts'],
  participant: ['src/pages/Participant.svelte'],
  screen: ['src/pages/Screen.svelte', 'src/i18n/screen.ts'],
  setup: ['src/pages/Setup.svelte', 'src/i18n/screen.ts', 'src/i18n/staff.ts'],
  login: ['src/pages/Login.svelte', 'src/i18n/screen.ts', 'src/i18n/staff.ts'],
  console: ['src/pages/ConsoleHome.svelte', 'src/i18n/screen.ts', 'src/i18n/staff.ts'],
  consoleMeeting: ['src/pages/ConsoleMeeting.svelte', 'src/i18n/screen.ts', 'src/i18n/staff.ts'],
  consolePrint: ['src/pages/PrintSheet.svelte', 'src/i18n/screen.ts', 'src/i18n/staff.ts'],
  trust: ['src/pages/Trust.svelte', 'src/i18n/screen.ts'],
  notFound: ['src/pages/NotFound.svelte'],
};

/**
 * `<link>` tags for the chunks of `sources`, their static imports and their CSS, leaving out
 * what `html` already loads. Without them a phone learns of its route's chunks only after
 * the entry chunk has downloaded and run: one more round trip, 150 ms or more on a village
 * network.
 */
export function preloadLinks(manifest: Manifest, sources: string[], html: string): string {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    for (const css of chunk.css ?? []) styles.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const source of sources) visit(source);
  const fresh = (file: string) => !html.includes(`/${file}"`);
  return [
    ...[...styles].filter(fresh).map((f) => `<link rel="stylesheet" crossorigin href="/${f}">`),
    ...[...scripts].filter(fresh).map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
  ].join('');
}
