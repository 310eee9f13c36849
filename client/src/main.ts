import { mount } from 'svelte';
import App from './App.svelte';
import { initI18n } from './i18n';
import { applyLargeType, loadLargeType } from './lib/large-type';
import { acceptHandoff, upgradeIfTrusted } from './lib/secure-upgrade';
import { router } from './router.svelte';
import './app.css';

// Before anything reads localStorage: what the phone brought from http:// (lib/secure-upgrade.ts).
acceptHandoff();
// A phone that trusts the laptop's CA moves to https:// (microphone, offline page).
void upgradeIfTrusted();
router.interceptLinks();
const phone = router.route.name === 'participant';
// The phone's large type is on <html> before anything is drawn: no flash of small text.
if (phone) applyLargeType(loadLargeType());
// The phone's page works offline and installs to the home screen (.config/pwa.ts). Staff
// pages are outside the worker's scope: they always come from the network. Registered a few
// seconds after load: its precache download must not compete with the ballot's first state.
if (phone && 'serviceWorker' in navigator && isSecureContext) {
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/m/' });
  addEventListener('load', () => setTimeout(register, 3000));
}
// A new deploy removed a chunk this (older) page still wanted: load the new build, once.
addEventListener('vite:preloadError', () => {
  try {
    if (sessionStorage.getItem('yb:reloaded')) return;
    sessionStorage.setItem('yb:reloaded', '1');
    location.reload();
  } catch {
    // no storage: the page's own "load failed, reload" message stays
  }
});
await initI18n();
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });
