/**
 * The web app manifest of a meeting's phone page, so a villager can add it to the home screen
 * (院坝) and open it later without the QR code. One per meeting: its start_url is the meeting's
 * page. Served by the server rather than the build because only the server knows the code.
 */

/** Theme and background: client/src/app.css (`--primary`, `--bg`). */
const THEME = '#1d5c7a';
const BACKGROUND = '#f6f4ef';

export const MANIFEST_TYPE = 'application/manifest+json';

export const manifestPath = (code: string): string => `/m/${code}/app.webmanifest`;

export function phoneManifest(code: string) {
  return {
    id: `/m/${code}`,
    name: '院坝',
    short_name: '院坝',
    description: '院坝协商：手机参会、表决、举牌 / Yuanba: join, vote and rate from your phone',
    lang: 'zh-CN',
    start_url: `/m/${code}`,
    scope: '/m/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: THEME,
    background_color: BACKGROUND,
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}

/** The `<link>` the phone page's HTML carries. */
export const manifestLink = (code: string): string =>
  `<link rel="manifest" href="${manifestPath(code)}" />`;
