/**
 * Reads an issue goal written as text and says whether the median meets it: every clause of
 * "≤ 100 ms, ≤ 1.2× baseline" must hold. Clauses it cannot read ("flat") give undefined,
 * and the README says in words whether they hold.
 */
export function goalMet(
  goal: string | undefined,
  ours: number,
  ratio: number,
): boolean | undefined {
  if (!goal) return undefined;
  const verdicts = goal.split(',').map((clause): boolean | undefined => {
    const relative = /≤\s*([\d.]+)×\s*baseline/.exec(clause);
    if (relative) return Number.isFinite(ratio) ? ratio <= Number(relative[1]) : undefined;
    const absolute = /≤\s*([\d.,]+)/.exec(clause);
    return absolute ? ours <= Number(absolute[1]!.replace(/,/g, '')) : undefined;
  });
  if (verdicts.includes(false)) return false;
  return verdicts.every((v) => v === true) ? true : undefined;
}

/**
 * For a pass/fail (`gate`) scenario: whether any single round misses the goal, since the
 * nearest-rank median of two rounds would hide a failing one.
 */
export const missedInAnyRound = (goal: string | undefined, rounds: number[], ratio: number) =>
  rounds.some((value) => goalMet(goal, value, ratio) === false);
