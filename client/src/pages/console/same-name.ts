import { sameNameKey } from '../../../../shared/text';

/** The key people's names are compared by (the server's rule for the join hint). */
export const nameKey = sameNameKey;

/** How many of `names` share each key: a count above one marks people with the same name. */
export function countNames(names: Iterable<string>): ReadonlyMap<string, number> {
  const byName = new Map<string, number>();
  for (const name of names) byName.set(nameKey(name), (byName.get(nameKey(name)) ?? 0) + 1);
  return byName;
}
