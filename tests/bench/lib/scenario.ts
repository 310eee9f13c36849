/** One measured quantity: our samples, and the baseline's samples from the same run. */
export interface Figure {
  name: string;
  unit: string;
  /** One sample per round (or per client, for latency distributions already reduced). */
  ours: number[];
  baseline?: number[];
  /** The goal from the issue, as text, e.g. "≤ 1.2× baseline" or "≤ 250 ms". */
  goal?: string;
}

export interface ScenarioContext {
  /** Rounds of ours-vs-baseline, run alternately. */
  rounds: number;
  /** `npm run bench -- --quick`: smaller loads, for a smoke run. */
  quick: boolean;
  log(message: string): void;
}

/**
 * A benchmark scenario: a file in tests/bench/scenarios/ whose default export is one of these.
 * `run` starts what it needs (servers, worker threads), measures ours and the baseline
 * alternately, stops everything it started, and returns its figures.
 */
export interface Scenario {
  name: string;
  description: string;
  /**
   * A pass/fail check rather than a report: `npm run bench` exits non-zero when it throws or
   * when any round's figure misses its goal (not just the median).
   */
  gate?: boolean;
  run(ctx: ScenarioContext): Promise<Figure[]>;
}

export const defineScenario = (scenario: Scenario): Scenario => scenario;
