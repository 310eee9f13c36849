import { readCells, type Pages, type Value } from './sqlite-raw';

/**
 * The analyst's attack on a secret vote, from raw pages: find what says who voted and what
 * was chosen, then pair them by where they sit (cell order in pages, entry order in a blob)
 * or by when they appeared (successive WAL commits). It knows the schema only as the file
 * shows it: a record naming the vote and a participant is a "voter", one naming the vote with
 * a sha256 token hash and a choice is a "ballot"; a JSON array inside a cell is read in order.
 */

const HASH = /^[0-9a-f]{64}$/;

/** Where an item sits: page, cell offset, index inside the cell's value. */
type Position = [page: number, offset: number, index: number];

export interface Evidence {
  voters: { id: string; at: Position }[];
  ballots: { hash: string; choice: string; at: Position }[];
}

export interface Known {
  voteId: string;
  /** Participant ids of the vote's voters (the participants table gives them anyway). */
  voterIds: Set<string>;
  /** Every choice someone made (the analyst knows the options; here each is distinct). */
  choices: Set<string>;
}

function fromJson(text: string, known: Known, at: [number, number], into: Evidence): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  if (!Array.isArray(parsed)) return;
  parsed.forEach((entry: unknown, index) => {
    if (typeof entry === 'string') {
      const id = entry.split(':')[0]!;
      if (known.voterIds.has(id)) into.voters.push({ id, at: [...at, index] });
    } else if (Array.isArray(entry)) {
      const [hash, choice] = entry as unknown[];
      if (typeof hash === 'string' && HASH.test(hash) && typeof choice === 'string') {
        into.ballots.push({ hash, choice, at: [...at, index] });
      }
    }
  });
}

/** Everything in live leaf cells that names the vote's voters or ballots. */
export function evidence(pages: Pages, pageSize: number, known: Known): Evidence {
  const out: Evidence = { voters: [], ballots: [] };
  for (const cell of readCells(pages, pageSize)) {
    // Interior cells of index b-trees (WITHOUT ROWID tables) hold entries of their own.
    const texts = cell.values.filter((v: Value): v is string => typeof v === 'string');
    if (!texts.includes(known.voteId)) continue;
    const voter = texts.find((t) => known.voterIds.has(t));
    const hash = texts.find((t) => HASH.test(t));
    const choice = texts.find((t) => known.choices.has(t));
    if (voter) out.voters.push({ id: voter, at: [cell.page, cell.offset, 0] });
    else if (hash && choice) out.ballots.push({ hash, choice, at: [cell.page, cell.offset, 0] });
    for (const t of texts) if (t.startsWith('[')) fromJson(t, known, [cell.page, cell.offset], out);
  }
  return out;
}

type Order = (a: Position, b: Position) => number;
/** Orders an analyst would try: file order, and page order with newest-cell-first in a page
 * (a page's cell content area grows downwards, so later inserts sit at lower offsets). */
const ORDERS: Record<string, Order> = {
  fileOrder: (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2],
  insertOrder: (a, b) => a[0] - b[0] || b[1] - a[1] || a[2] - b[2],
};

/** Pairs the i-th voter with the i-th ballot in each order; the best order's correct links. */
export function linkByOrder(
  found: Evidence,
  truth: Map<string, string>,
): { correct: number; byOrder: Record<string, number> } {
  const byOrder: Record<string, number> = {};
  for (const [name, order] of Object.entries(ORDERS)) {
    const voters = [...found.voters].sort((a, b) => order(a.at, b.at));
    const ballots = [...found.ballots].sort((a, b) => order(a.at, b.at));
    const linked = new Set<string>();
    voters.forEach((v, i) => {
      if (ballots[i] && truth.get(v.id) === ballots[i].choice) linked.add(v.id);
    });
    byOrder[name] = linked.size;
  }
  return { correct: Math.max(0, ...Object.values(byOrder)), byOrder };
}

/**
 * Replays the WAL over the main file commit by commit; what a commit added (new voters, new
 * or changed ballots) is paired up when the counts match: one each is a certain link.
 */
export function linkByWal(
  base: Pages,
  pageSize: number,
  commits: { frames: Map<number, Buffer> }[],
  known: Known,
  truth: Map<string, string>,
): { linked: Set<string>; certain: number; commits: number } {
  const image: Pages = new Map(base);
  const state = (pages: Pages) => {
    const e = evidence(pages, pageSize, known);
    return {
      voters: new Set(e.voters.map((v) => v.id)),
      ballots: new Map(e.ballots.map((b) => [b.hash, b.choice])),
    };
  };
  let before = state(image);
  const linked = new Set<string>();
  let certain = 0;
  for (const commit of commits) {
    for (const [n, page] of commit.frames) image.set(n, page);
    const after = state(image);
    const voters = [...after.voters].filter((v) => !before.voters.has(v)).sort();
    const ballots = [...after.ballots]
      .filter(([hash, choice]) => before.ballots.get(hash) !== choice)
      .map(([, choice]) => choice)
      .sort();
    if (voters.length > 0 && voters.length === ballots.length) {
      if (voters.length === 1) certain += 1;
      voters.forEach((v, i) => truth.get(v) === ballots[i] && linked.add(v));
    }
    before = after;
  }
  return { linked, certain, commits: commits.length };
}
