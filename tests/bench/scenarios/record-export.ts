import { performance } from 'node:perf_hooks';
import { renderDocx, renderJson, renderMarkdown } from '../../../server/export';
import { makeLongRecord } from '../../unit/export/fixture';
import { defineScenario } from '../lib/scenario';

/**
 * Issue 5, scenario 5: a 3-hour meeting's record to DOCX, Markdown and JSON. Baseline: the
 * same record through JSON.stringify, the cheapest possible serialisation of the same data.
 */
export default defineScenario({
  name: 'record-export',
  description: '3-hour meeting (40 items, 30 votes, 200 people, ~60 KB minutes) to DOCX/MD/JSON',
  async run({ rounds }) {
    const record = makeLongRecord();
    const time = async (fn: () => unknown) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    const docx: number[] = [];
    const md: number[] = [];
    const json: number[] = [];
    const baseline: number[] = [];
    await renderDocx(record); // warm-up: module init and JIT
    for (let i = 0; i < rounds * 3; i += 1) {
      baseline.push(await time(() => JSON.stringify(record)));
      docx.push(await time(() => renderDocx(record)));
      md.push(await time(() => renderMarkdown(record)));
      json.push(await time(() => renderJson(record)));
    }
    return [
      { name: 'DOCX render', unit: 'ms', ours: docx, baseline, goal: '≤ 1000 ms' },
      { name: 'Markdown render', unit: 'ms', ours: md, baseline },
      { name: 'JSON render', unit: 'ms', ours: json, baseline },
    ];
  },
});
