import { rmSync } from 'node:fs';
import { startChildServer, tempDataDir } from '../../integration/helpers/server';
import { Gen, seedFromEnv } from '../../security/fuzz/gen';
import { fuzzCollab, fuzzRest, fuzzSockets } from '../../security/fuzz/run';
import { FUZZ_SERVER_ENV, fuzzTarget } from '../../security/fuzz/setup';
import { healthy } from '../../security/helpers/meeting';
import { defineScenario, type Figure } from '../lib/scenario';

/**
 * The long run of tests/security/fuzz.test.ts: the same seeded generator, ten times the cases
 * per round (FUZZ_SEED=<n> replays one). Reports violations (goal 0) and cases per second.
 */
export default defineScenario({
  name: 'fuzz',
  description:
    'seeded fuzzing of socket events, collab frames and REST bodies; server in its own process',
  async run({ rounds, quick, log }) {
    const scale = quick ? 2 : 10;
    const violations: number[] = [];
    const rates: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const seed = seedFromEnv() + round;
      const dataDir = tempDataDir();
      const server = await startChildServer(dataDir, FUZZ_SERVER_ENV);
      let exited = false;
      server.process.once('exit', () => (exited = true));
      try {
        const { target } = await fuzzTarget(server.url);
        const started = performance.now();
        const found = [
          ...(await fuzzSockets(new Gen(seed), target, 1_500 * scale)),
          ...(await fuzzCollab(new Gen(seed + 1), target, 800 * scale, () => healthy(server.url))),
          ...(await fuzzRest(new Gen(seed + 2), target, 1_500 * scale)),
        ];
        if (exited || !(await healthy(server.url))) found.push('server down at the end');
        const cases = 3_800 * scale;
        rates.push(cases / ((performance.now() - started) / 1000));
        violations.push(found.length);
        log(`round ${round + 1}: seed ${seed}, ${cases} cases, ${found.length} violations`);
        for (const v of found.slice(0, 10)) log(`  ${v.slice(0, 200)}`);
      } finally {
        if (!exited) await server.crash();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    const figures: Figure[] = [
      {
        name: 'violations (5xx, unknown codes, lost acks, crash)',
        unit: 'count',
        ours: violations,
        goal: '≤ 0',
      },
      { name: 'fuzz cases per second', unit: 'cases/s', ours: rates },
    ];
    return figures;
  },
});
