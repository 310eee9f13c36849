import { mount } from 'svelte';
import App from './App.svelte';
import { initI18n } from './i18n';
import { applyLargeType, loadLargeType } from './lib/large-type';
import { router } from './router.svelte';
import './app.css';

router.interceptLinks();
// The phone's large type is on <html> before anything is drawn: no flash of small text.
if (router.route.name === 'participant') applyLargeType(loadLargeType());
await initI18n();
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });
