import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWN, ONLY, PRIVATE, TIERS, UNIT_PATTERNS } from './layers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIER_OF = new Map(TIERS.flatMap((units, tier) => units.map((unit) => [unit, tier])));

/** The unit a repository path belongs to, or null outside the layered code (tests, config). */
export function unitOf(file) {
  for (const [unit, pattern] of UNIT_PATTERNS) if (pattern.test(file)) return unit;
  const server = /^server\/([^/]+)\//.exec(file);
  return server ? server[1] : null;
}

/** Why `from` may not import `to` (units), or null when it may. */
export function forbidden(from, to) {
  if (from === to) return null;
  if (PRIVATE.includes(to)) return `${to} is imported by nothing outside it`;
  if (ONLY[from])
    return ONLY[from].includes(to) ? null : `${from} may import only ${ONLY[from].join(', ')}`;
  if (!TIER_OF.has(to)) return `"${to}" is on no tier of .config/layers.js`;
  if (TIER_OF.get(to) < TIER_OF.get(from)) return null;
  return TIER_OF.get(to) === TIER_OF.get(from)
    ? `${from} and ${to} are on one tier and stay independent`
    : `${to} is on a higher tier than ${from}`;
}

const relative = (file) => path.relative(ROOT, file).split(path.sep).join('/');

/** `layers/tiers`: every relative import goes down the tiers of .config/layers.js. */
const tiers = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports go down the layers: shared → … → transport → doors → root' },
    schema: [],
  },
  create(context) {
    const file = relative(context.filename);
    const from = unitOf(file);
    if (!from) return {};
    const known = KNOWN.filter(([knownFile]) => knownFile === file);
    const used = new Set();
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(path.resolve(path.dirname(context.filename), source));
      const to = unitOf(target.endsWith('.json') || path.extname(target) ? target : `${target}.ts`);
      if (!to) return;
      const why = forbidden(from, to);
      if (!why) return;
      const entry = known.find(([, unit]) => unit === to);
      if (entry) return void used.add(entry);
      context.report({
        node,
        message: `${file} may not import ${target}: ${why} (layers in .config/layers.js)`,
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
      'Program:exit'(node) {
        for (const entry of known) {
          if (used.has(entry)) continue;
          context.report({
            node,
            message: `${file} no longer imports ${entry[1]}: remove its entry from KNOWN in .config/layers.js`,
          });
        }
      },
    };
  },
};

export default { rules: { tiers } };
