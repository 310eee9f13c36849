/**
 * A forensic reader of SQLite files, written from the file-format documentation
 * (https://www.sqlite.org/fileformat2.html) rather than through SQLite: what an analyst with a
 * copy of DATA_DIR can see, including what SQL no longer shows (cell order in a page, stale
 * frames in the WAL, freed pages). Enough of the format for the secret-ballot tests: b-tree
 * pages, cells with overflow chains, records, the freelist, and WAL frames grouped by commit.
 */

export type Pages = Map<number, Buffer>;
export type Value = string | number | null | Buffer;

/** A decoded cell: where it sits in the file and its record's values. */
export interface RawCell {
  page: number;
  /** The cell's offset within its page (the cell pointer's value). */
  offset: number;
  leaf: boolean;
  values: Value[];
}

export function pageSizeOf(header: Buffer): number {
  const size = header.readUInt16BE(16);
  return size === 1 ? 65536 : size;
}

/** The main database file split into pages (1-based, as SQLite numbers them). */
export function readPages(file: Buffer): { pageSize: number; pages: Pages } {
  const pageSize = pageSizeOf(file);
  const pages: Pages = new Map();
  for (let n = 1; n * pageSize <= file.length; n++) {
    pages.set(n, file.subarray((n - 1) * pageSize, n * pageSize));
  }
  return { pageSize, pages };
}

export interface WalCommit {
  /** Page images of this commit's frames, by page number (the last frame of a page wins). */
  frames: Map<number, Buffer>;
  /** The salt of the frames: frames left from before a WAL reset have an older one. */
  salt: number;
}

/**
 * Every commit in a WAL file, in file order: those with the header's salt are the current
 * generation (newer than the main file); others are left from before a reset (older than the
 * main file, already checkpointed into it) but are evidence too. A frame header is 24 bytes: page number, the
 * database size in pages for the last frame of a commit (else 0), salts and checksums.
 */
export function readWal(wal: Buffer): { pageSize: number; salt: number; commits: WalCommit[] } {
  if (wal.length < 32) return { pageSize: 0, salt: 0, commits: [] };
  const pageSize = wal.readUInt32BE(8);
  const commits: WalCommit[] = [];
  let frames = new Map<number, Buffer>();
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    const page = wal.readUInt32BE(at);
    const commitSize = wal.readUInt32BE(at + 4);
    if (page === 0) break;
    frames.set(page, wal.subarray(at + 24, at + 24 + pageSize));
    if (commitSize !== 0) {
      commits.push({ frames, salt: wal.readUInt32BE(at + 8) });
      frames = new Map();
    }
  }
  return { pageSize, salt: wal.readUInt32BE(16), commits };
}

function varint(buf: Buffer, at: number): [value: number, length: number] {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = buf[at + i]!;
    if (i === 8) return [value * 256 + byte, 9];
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [value, i + 1];
  }
  return [value, 9];
}

/** A record: header size, serial types, then the values (fileformat2 §2.1). */
export function decodeRecord(payload: Buffer): Value[] {
  const [headerSize, first] = varint(payload, 0);
  const types: number[] = [];
  for (let at = first; at < headerSize;) {
    const [type, len] = varint(payload, at);
    types.push(type);
    at += len;
  }
  const values: Value[] = [];
  let at = headerSize;
  const intSizes = [0, 1, 2, 3, 4, 6, 8];
  for (const type of types) {
    if (type === 0) values.push(null);
    else if (type >= 1 && type <= 6) {
      const size = intSizes[type]!;
      values.push(size <= 6 ? payload.readIntBE(at, size) : Number(payload.readBigInt64BE(at)));
      at += size;
    } else if (type === 7) {
      values.push(payload.readDoubleBE(at));
      at += 8;
    } else if (type === 8 || type === 9) values.push(type - 8);
    else if (type >= 12) {
      const size = type % 2 === 0 ? (type - 12) / 2 : (type - 13) / 2;
      const bytes = payload.subarray(at, at + size);
      values.push(type % 2 === 0 ? Buffer.from(bytes) : bytes.toString('utf8'));
      at += size;
    } else values.push(null);
  }
  return values;
}

/** The payload of a cell, following its overflow chain through `pages`. */
function payloadOf(
  page: Buffer,
  at: number,
  size: number,
  index: boolean,
  pageSize: number,
  pages: Pages,
): Buffer {
  const usable = pageSize; // reserved bytes per page: 0 in the files Yuanba writes
  const maxLocal = index ? Math.floor(((usable - 12) * 64) / 255) - 23 : usable - 35;
  if (size <= maxLocal) return page.subarray(at, at + size);
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = minLocal + ((size - minLocal) % (usable - 4));
  const local = k <= maxLocal ? k : minLocal;
  const parts = [page.subarray(at, at + local)];
  let remaining = size - local;
  let next = page.readUInt32BE(at + local);
  const seen = new Set<number>();
  while (remaining > 0 && next !== 0 && !seen.has(next)) {
    seen.add(next);
    const overflow = pages.get(next);
    if (!overflow) break;
    const take = Math.min(remaining, usable - 4);
    parts.push(overflow.subarray(4, 4 + take));
    remaining -= take;
    next = overflow.readUInt32BE(0);
  }
  return Buffer.concat(parts);
}

/** The b-tree page type at its header (page 1's header follows the 100-byte file header). */
export function headerAt(n: number): number {
  return n === 1 ? 100 : 0;
}

/**
 * Every cell of every b-tree page, found through each page's header and cell pointer array;
 * interior index cells included (in an index b-tree each entry is stored once, in a leaf or
 * an interior page), marked `leaf: false`.
 */
export function readCells(pages: Pages, pageSize: number): RawCell[] {
  const cells: RawCell[] = [];
  for (const [n, page] of pages) {
    const h = headerAt(n);
    const type = page[h];
    if (type !== 0x0d && type !== 0x0a && type !== 0x02 && type !== 0x05) continue;
    if (type === 0x05) continue; // interior table cells hold no payload
    const leaf = type !== 0x02;
    const count = page.readUInt16BE(h + 3);
    const pointers = h + (leaf ? 8 : 12);
    for (let i = 0; i < count; i++) {
      const offset = page.readUInt16BE(pointers + 2 * i);
      if (offset < pointers || offset >= pageSize) continue;
      try {
        let at = offset + (leaf ? 0 : 4);
        const [size, l1] = varint(page, at);
        at += l1;
        if (type === 0x0d) at += varint(page, at)[1]; // the rowid
        const payload = payloadOf(page, at, size, type !== 0x0d, pageSize, pages);
        cells.push({ page: n, offset, leaf, values: decodeRecord(payload) });
      } catch {
        // A page that only looks like a b-tree page (an overflow page's bytes): skip it.
      }
    }
  }
  return cells;
}

/** Pages on the freelist (trunk pages and their leaves), from the file header. */
export function freelistPages(pages: Pages): number[] {
  const out: number[] = [];
  let trunk = pages.get(1)!.readUInt32BE(32);
  const seen = new Set<number>();
  while (trunk !== 0 && !seen.has(trunk) && pages.has(trunk)) {
    seen.add(trunk);
    out.push(trunk);
    const page = pages.get(trunk)!;
    const leaves = page.readUInt32BE(4);
    for (let i = 0; i < leaves; i++) out.push(page.readUInt32BE(8 + 4 * i));
    trunk = page.readUInt32BE(0);
  }
  return out;
}

/** The freelist's trunk pages (they list leaf page numbers by design: no content). */
export function freelistTrunks(pages: Pages): Set<number> {
  const trunks = new Set<number>();
  let trunk = pages.get(1)!.readUInt32BE(32);
  while (trunk !== 0 && !trunks.has(trunk) && pages.has(trunk)) {
    trunks.add(trunk);
    trunk = pages.get(trunk)!.readUInt32BE(0);
  }
  return trunks;
}

/** Occurrences of `needle` in `haystack` (raw bytes, anywhere: live, freed or unallocated). */
export function countBytes(haystack: Buffer, needle: string): number {
  const bytes = Buffer.from(needle);
  let count = 0;
  for (let at = haystack.indexOf(bytes); at !== -1; at = haystack.indexOf(bytes, at + 1)) {
    count += 1;
  }
  return count;
}
