/** Names compared for the same-name hint: trimmed, inner spaces collapsed, case-folded. */
export const nameKey = (name: string): string =>
  name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** How many of `names` share each key: a count above one marks people with the same name. */
export function countNames(names: Iterable<string>): ReadonlyMap<string, number> {
  const byName = new Map<string, number>();
  for (const name of names) byName.set(nameKey(name), (byName.get(nameKey(name)) ?? 0) + 1);
  return byName;
}
