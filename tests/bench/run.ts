import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Figure, Scenario } from './lib/scenario';
import { fmt, max, median, min } from './lib/stats';

/**
 * `npm run bench [-- [--quick] [--rounds N] [name-filter…]]`: runs every scenario in
 * scenarios/ (or those whose name contains a filter) and prints, for each figure, ours and
 * the baseline measured in the same run, with the ratio of the medians. Benchmarks report;
 * they never fail the build.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 1 : 3;
const filters = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenarios');
const scenarios: Scenario[] = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: Scenario };
  if (filters.length === 0 || filters.some((f) => mod.default.name.includes(f)))
    scenarios.push(mod.default);
}

const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(20))).join('');
console.log(`Yuanba benchmarks — ${new Date().toISOString()}`);
console.log(
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, rounds=${rounds}${quick ? ' (quick)' : ''}`,
);

const describe = (values: number[] | undefined) =>
  values && values.length > 0
    ? `${fmt(min(values))}/${fmt(median(values))}/${fmt(max(values))}`
    : '–';

for (const scenario of scenarios) {
  console.log(`\n## ${scenario.name} — ${scenario.description}`);
  let figures: Figure[];
  try {
    figures = await scenario.run({ rounds, quick, log: (m) => console.log(`   ${m}`) });
  } catch (err) {
    console.log(`   FAILED: ${err instanceof Error ? err.stack : String(err)}`);
    continue;
  }
  console.log(line(['figure (min/median/max)', 'ours', 'baseline', 'ratio', 'goal']));
  for (const f of figures) {
    const ratio = f.baseline?.length ? median(f.ours) / median(f.baseline) : Number.NaN;
    console.log(
      line([
        `${f.name} [${f.unit}]`,
        describe(f.ours),
        describe(f.baseline),
        Number.isNaN(ratio) ? '–' : `${fmt(ratio)}×`,
        f.goal ?? '',
      ]),
    );
  }
}
process.exit(0);
