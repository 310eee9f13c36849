/**
 * Flattens the minutes Y.XmlFragment (y-prosemirror, schema-basic + schema-list) into the
 * record's MinutesBlock list. The fragment comes from many co-editing clients, so anything
 * unexpected degrades to its text instead of throwing.
 */
import * as Y from 'yjs';
import type { MinutesBlock } from '../../shared/protocol';

type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** Nodes that carry no text worth keeping in the record. */
const SKIPPED = new Set(['horizontal_rule', 'image']);
const LISTS = new Set(['bullet_list', 'ordered_list']);
/** Nesting past this is dropped: a hostile client could nest deep enough to overflow the stack. */
const MAX_NESTING = 100;

/** Text of a Y.XmlText: string inserts only (embeds carry no readable text). */
function plainText(text: Y.XmlText): string {
  const delta = text.toDelta() as { insert?: unknown }[];
  return delta.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/** Nodes ProseMirror lays out as blocks; text inside them is separated by line breaks. */
const BLOCKS = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'code_block',
  'horizontal_rule',
  'bullet_list',
  'ordered_list',
  'list_item',
]);

/** A known block, or an unknown element that holds blocks (a container from a newer schema). */
function isBlock(node: YNode, nest = 0): boolean {
  if (!(node instanceof Y.XmlElement) || nest > MAX_NESTING) return false;
  if (BLOCKS.has(node.nodeName)) return true;
  if (node.nodeName === 'hard_break' || SKIPPED.has(node.nodeName)) return false;
  return node.toArray().some((c) => isBlock(c, nest + 1));
}

/** All text under a node, hard breaks as '\n', block children separated by '\n'. */
function textOf(node: YNode, nest: number): string {
  if (node instanceof Y.XmlText) return plainText(node);
  if (!(node instanceof Y.XmlElement) || nest > MAX_NESTING) return '';
  if (node.nodeName === 'hard_break') return '\n';
  if (SKIPPED.has(node.nodeName)) return '';
  const children = node.toArray();
  const texts = children.map((c) => textOf(c, nest + 1));
  if (!children.some((c) => isBlock(c))) return texts.join('');
  return texts.filter((t) => t !== '').join('\n');
}

/** Trims each block's outer whitespace but keeps the line breaks inside it. */
const clean = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.replace(/\s+$/u, ''))
    .join('\n')
    .trim();

function attrNumber(el: Y.XmlElement, name: string): number | null {
  const raw: unknown = el.getAttribute(name);
  const n = typeof raw === 'number' ? raw : Number(raw);
  return raw === undefined || raw === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

function headingLevel(el: Y.XmlElement): 1 | 2 | 3 {
  const level = attrNumber(el, 'level') ?? 1;
  return level <= 1 ? 1 : level === 2 ? 2 : 3;
}

function pushParagraph(out: MinutesBlock[], raw: string): void {
  const text = clean(raw);
  if (text !== '') out.push({ type: 'paragraph', text });
}

function walkBlock(node: YNode, nest: number, out: MinutesBlock[]): void {
  if (node instanceof Y.XmlText) return pushParagraph(out, plainText(node));
  if (!(node instanceof Y.XmlElement) || nest > MAX_NESTING) return;
  const name = node.nodeName;
  if (SKIPPED.has(name)) return;
  if (name === 'heading') {
    const text = clean(textOf(node, nest));
    if (text !== '') out.push({ type: 'heading', level: headingLevel(node), text });
    return;
  }
  if (name === 'paragraph' || name === 'code_block') return pushParagraph(out, textOf(node, nest));
  if (LISTS.has(name)) return walkList(node, 0, nest, out);
  if (name === 'list_item') return walkItem(node, 0, nest, { ordered: false, index: 0 }, out);
  // blockquote, and any container we do not know: keep its blocks, flattened.
  if (name === 'blockquote' || node.toArray().some((c) => isBlock(c))) {
    for (const child of node.toArray()) walkBlock(child, nest + 1, out);
    return;
  }
  pushParagraph(out, textOf(node, nest));
}

function walkList(list: Y.XmlElement, depth: number, nest: number, out: MinutesBlock[]): void {
  if (nest > MAX_NESTING) return;
  const ordered = list.nodeName === 'ordered_list';
  let index = ordered ? (attrNumber(list, 'order') ?? 1) : 0;
  for (const item of list.toArray()) {
    if (item instanceof Y.XmlElement && LISTS.has(item.nodeName)) {
      // A list directly inside a list (not valid in the schema): nest it one level down.
      walkList(item, depth + 1, nest + 1, out);
      continue;
    }
    walkItem(item, depth, nest + 1, { ordered, index }, out);
    // Empty items still take a number, as the editor shows them.
    if (ordered) index += 1;
  }
}

/** One list item: its own text blocks form the entry, nested lists follow one level deeper. */
function walkItem(
  item: YNode,
  depth: number,
  nest: number,
  { ordered, index }: { ordered: boolean; index: number },
  out: MinutesBlock[],
): void {
  const texts: string[] = [];
  const nested: Y.XmlElement[] = [];
  const children =
    item instanceof Y.XmlElement && item.nodeName === 'list_item' ? item.toArray() : [item];
  for (const child of children) {
    if (child instanceof Y.XmlElement && LISTS.has(child.nodeName)) nested.push(child);
    else texts.push(clean(textOf(child, nest + 1)));
  }
  const text = texts.filter((t) => t !== '').join('\n');
  if (text !== '') {
    out.push(ordered ? { type: 'ordered', text, depth, index } : { type: 'bullet', text, depth });
  }
  for (const list of nested) walkList(list, depth + 1, nest + 1, out);
}

/**
 * Blocks of the minutes in document order. Headings deeper than 3 become level 3; list
 * depth starts at 0 for a top-level list; empty paragraphs and items are dropped.
 */
export function minutesFromXmlFragment(fragment: Y.XmlFragment): MinutesBlock[] {
  const out: MinutesBlock[] = [];
  for (const node of fragment.toArray()) walkBlock(node, 0, out);
  return out;
}
