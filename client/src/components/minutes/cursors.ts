/**
 * Other editors' cursors and selections. Awareness states come from any client: y-prosemirror's
 * default builders paste `user.color` into a style attribute unchecked (CSS injection, e.g. a
 * background image from another host). Here the colour must be #rrggbb and the name is text.
 */
import type { DecorationAttrs } from 'prosemirror-view';

const FALLBACK = '#ffa500';
const MAX_NAME = 40;

interface AwarenessUser {
  name?: unknown;
  color?: unknown;
}

export const safeColor = (color: unknown): string =>
  typeof color === 'string' && /^#[0-9a-fA-F]{6}$/.test(color) ? color : FALLBACK;

export function cursorBuilder(user: AwarenessUser): HTMLElement {
  const color = safeColor(user.color);
  const cursor = document.createElement('span');
  cursor.classList.add('ProseMirror-yjs-cursor');
  cursor.style.borderColor = color;
  const label = document.createElement('div');
  label.style.backgroundColor = color;
  label.textContent = String(user.name ?? '').slice(0, MAX_NAME);
  cursor.append('\u2060', label, '\u2060');
  return cursor;
}

export function selectionBuilder(user: AwarenessUser): DecorationAttrs {
  return {
    style: `background-color: ${safeColor(user.color)}70`,
    class: 'ProseMirror-yjs-selection',
  };
}
