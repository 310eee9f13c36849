import type { Figure } from './scenario';
import { fmt, max, median, min } from './stats';

export type Row = Figure & { ratio: number | null; met: boolean | null };
export interface Report {
  date: string;
  machine: string;
  quick: boolean;
  rounds: number;
  scenarios: {
    name: string;
    description?: string;
    figures?: Row[];
    notes: string[];
    failed?: string;
  }[];
}

export const describe = (values: number[] | undefined): string =>
  values && values.length > 0
    ? `${fmt(min(values))}/${fmt(median(values))}/${fmt(max(values))}`
    : '–';

/** The run as a Markdown table, for README's Performance section. */
export function toMarkdown(report: Report): string {
  const rows = report.scenarios.flatMap((s) =>
    (s.figures ?? []).map((f) =>
      [
        s.name,
        `${f.name} [${f.unit}]`,
        describe(f.ours),
        describe(f.baseline),
        f.ratio === null ? '–' : `${fmt(f.ratio)}×`,
        f.goal ?? '',
        f.met === null ? '' : f.met ? 'yes' : '**no**',
      ].join(' | '),
    ),
  );
  return [
    `${report.date} · ${report.machine} · rounds=${report.rounds}${report.quick ? ' (quick)' : ''}`,
    '',
    '| scenario | figure (min/median/max) | ours | baseline | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
  ].join('\n');
}
