import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Figure, Scenario } from './lib/scenario';
import { fmt, median } from './lib/stats';
import { goalMet, missedInAnyRound } from './lib/goals';
import { describe, toMarkdown, type Report } from './lib/report';

/**
 * `npm run bench [-- [--quick] [--rounds N] [name-filter…]]`: runs every scenario in
 * scenarios/ (or those whose name contains a filter) and prints, for each figure, ours and
 * the baseline measured in the same run, with the ratio of the medians, and whether the
 * issue's goal is met. Results also go to .tmp/bench/latest.json (with the machine and date)
 * for the README's Performance section. Benchmarks report; they never fail the build, except
 * a scenario marked `gate` (a pass/fail check, e.g. shaped-network): if it throws or any of its
 * rounds misses a goal, the run exits with status 1.
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

const widths = [46, 20, 20, 9, 28, 6];
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join('');
const date = new Date().toISOString();
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Yuanba benchmarks — ${date}`);
console.log(
  `${machine}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, rounds=${rounds}${quick ? ' (quick)' : ''}`,
);
let gateFailed = false;
const report: Report = {
  date,
  machine,
  quick,
  rounds,
  scenarios: [],
};

for (const scenario of scenarios) {
  console.log(`\n## ${scenario.name} — ${scenario.description}`);
  const notes: string[] = [];
  let figures: Figure[];
  const started = Date.now();
  try {
    figures = await scenario.run({
      rounds,
      quick,
      log: (m) => {
        notes.push(m);
        console.log(`   ${m}`);
      },
    });
  } catch (err) {
    console.log(`   FAILED: ${err instanceof Error ? err.stack : String(err)}`);
    if (scenario.gate) gateFailed = true;
    report.scenarios.push({ name: scenario.name, failed: String(err), notes });
    continue;
  }
  console.log(line(['figure (min/median/max)', 'ours', 'baseline', 'ratio', 'goal', 'met']));
  const rows = figures.map((f) => {
    const ratio = f.baseline?.length ? median(f.ours) / median(f.baseline) : Number.NaN;
    const missed = scenario.gate === true && missedInAnyRound(f.goal, f.ours, ratio);
    const met = missed ? false : goalMet(f.goal, median(f.ours), ratio);
    if (missed) {
      gateFailed = true;
      console.log(`   GATE FAILED: ${f.name} misses "${f.goal}" in a round: ${f.ours.join(', ')}`);
    }
    console.log(
      line([
        `${f.name} [${f.unit}]`,
        describe(f.ours),
        describe(f.baseline),
        Number.isFinite(ratio) ? `${fmt(ratio)}×` : '–',
        f.goal ?? '',
        met === undefined ? '' : met ? 'yes' : 'NO',
      ]),
    );
    return { ...f, ratio: Number.isFinite(ratio) ? ratio : null, met: met ?? null };
  });
  console.log(`   (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  report.scenarios.push({
    name: scenario.name,
    description: scenario.description,
    figures: rows,
    notes,
  });
}
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../.tmp/bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
// The same table in Markdown, ready for README's Performance section.
writeFileSync(path.join(outDir, 'latest.md'), toMarkdown(report));
console.log(`\nresults written to .tmp/bench/latest.json and latest.md`);
if (gateFailed)
  console.log('\nFAILED: a pass/fail scenario missed its goal (see GATE FAILED above)');
process.exit(gateFailed ? 1 : 0);
