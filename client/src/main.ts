import { mount } from 'svelte';
import App from './App.svelte';
import { initI18n } from './i18n';
import { router } from './router.svelte';
import './app.css';

router.interceptLinks();
await initI18n();
const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });
