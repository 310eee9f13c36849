import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { minutesFromXmlFragment } from '../../../server/export';

type Node = Y.XmlElement | Y.XmlText;

/** Builds a y-prosemirror style element: attributes plus children. */
function el(name: string, attrs: Record<string, number>, ...children: Node[]): Y.XmlElement {
  const e = new Y.XmlElement(name);
  e.insert(0, children);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as unknown as string);
  return e;
}
const t = (s: string): Y.XmlText => new Y.XmlText(s);
const p = (...children: Node[]): Y.XmlElement => el('paragraph', {}, ...children);
const li = (...children: Node[]): Y.XmlElement => el('list_item', {}, ...children);

function blocks(...nodes: Node[]) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('minutes');
  fragment.insert(0, nodes);
  return minutesFromXmlFragment(fragment);
}

describe('minutesFromXmlFragment', () => {
  it('flattens headings, paragraphs and nested lists', () => {
    const bold = new Y.XmlText();
    bold.insert(0, '加粗', { strong: true });
    bold.insert(2, '与普通');
    expect(
      blocks(
        el('heading', { level: 2 }, t('讨论情况')),
        p(t('第一段，'), bold),
        p(),
        el(
          'bullet_list',
          {},
          li(p(t('甲')), el('bullet_list', {}, li(p(t('甲-1'))), li(p(t('甲-2'))))),
          li(p(t('乙'))),
        ),
        el('ordered_list', { order: 3 }, li(p(t('丙'))), li(p(t('丁')))),
        el('heading', { level: 5 }, t('小节')),
      ),
    ).toEqual([
      { type: 'heading', level: 2, text: '讨论情况' },
      { type: 'paragraph', text: '第一段，加粗与普通' },
      { type: 'bullet', text: '甲', depth: 0 },
      { type: 'bullet', text: '甲-1', depth: 1 },
      { type: 'bullet', text: '甲-2', depth: 1 },
      { type: 'bullet', text: '乙', depth: 0 },
      { type: 'ordered', text: '丙', depth: 0, index: 3 },
      { type: 'ordered', text: '丁', depth: 0, index: 4 },
      { type: 'heading', level: 3, text: '小节' },
    ]);
  });

  it('defaults the ordered list start to 1 and nests ordered in bullet', () => {
    expect(
      blocks(
        el(
          'bullet_list',
          {},
          li(p(t('要点')), el('ordered_list', {}, li(p(t('一步'))), li(p(t('二步'))))),
        ),
      ),
    ).toEqual([
      { type: 'bullet', text: '要点', depth: 0 },
      { type: 'ordered', text: '一步', depth: 1, index: 1 },
      { type: 'ordered', text: '二步', depth: 1, index: 2 },
    ]);
  });

  it('keeps hard breaks, flattens blockquotes, skips rules and images', () => {
    expect(
      blocks(
        p(t('第一行'), el('hard_break', {}), t('第二行')),
        el('blockquote', {}, p(t('引用一')), p(t('引用二'))),
        el('horizontal_rule', {}),
        p(el('image', {})),
        el('code_block', {}, t('a = 1\nb = 2')),
      ),
    ).toEqual([
      { type: 'paragraph', text: '第一行\n第二行' },
      { type: 'paragraph', text: '引用一' },
      { type: 'paragraph', text: '引用二' },
      { type: 'paragraph', text: 'a = 1\nb = 2' },
    ]);
  });

  it('degrades unknown nodes to their text and drops empty ones', () => {
    expect(
      blocks(
        el('callout', {}, t('提示内容')),
        el('table', {}, el('table_row', {}, el('table_cell', {}, p(t('单元格'))))),
        p(t('提及'), el('mention', {}, t('@张三')), t('同志')),
        p(t('   ')),
        el('bullet_list', {}, li(p())),
      ),
    ).toEqual([
      { type: 'paragraph', text: '提示内容' },
      { type: 'paragraph', text: '单元格' },
      { type: 'paragraph', text: '提及@张三同志' },
    ]);
  });
});

describe('minutesFromXmlFragment on hostile input', () => {
  it('does not overflow the stack on absurd nesting', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('minutes');
    // Nest one integrated level at a time: Yjs integrates prelim subtrees recursively.
    fragment.insert(0, [el('blockquote', {}), el('bullet_list', {}), p(t('之后'))]);
    let quote = fragment.get(0) as Y.XmlElement;
    let list = fragment.get(1) as Y.XmlElement;
    doc.transact(() => {
      for (let i = 0; i < 3000; i += 1) {
        quote.insert(0, [el('blockquote', {})]);
        quote = quote.get(0) as Y.XmlElement;
        list.insert(0, [li(p(t(`层${i}`)))]);
        const item = list.get(0) as Y.XmlElement;
        item.insert(1, [el('bullet_list', {})]);
        list = item.get(1) as Y.XmlElement;
      }
      quote.insert(0, [p(t('最深处'))]);
    });
    const out = minutesFromXmlFragment(fragment);
    expect(out.at(-1)).toEqual({ type: 'paragraph', text: '之后' });
    expect(out[0]).toEqual({ type: 'bullet', text: '层0', depth: 0 });
  });
});
