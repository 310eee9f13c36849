// Loads *.svelte.ts modules through Svelte's compiler (see svelte-hooks.mjs).
import { register } from 'node:module';

register('./svelte-hooks.mjs', import.meta.url);
