import { Schema, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';
import { safeHref } from '../../../../shared/safe-url';

/**
 * Links: any client can write any mark attributes into the Y.Doc, so the href is checked
 * where it is rendered (and where it is pasted in): http, https and mailto only
 * (shared/safe-url.ts). Anything else renders as plain text in a span.
 */
const link: MarkSpec = {
  attrs: { href: { default: '' }, title: { default: null } },
  inclusive: false,
  parseDOM: [
    {
      tag: 'a[href]',
      getAttrs(dom) {
        const href = safeHref(dom.getAttribute('href'));
        return href === null ? false : { href, title: dom.getAttribute('title') };
      },
    },
  ],
  toDOM(mark) {
    const href = safeHref(mark.attrs.href);
    const title = typeof mark.attrs.title === 'string' ? mark.attrs.title : null;
    if (href === null) return ['span', { class: 'minutes-link-refused', title }, 0];
    return ['a', { href, title, rel: 'noopener noreferrer nofollow', target: '_blank' }, 0];
  },
};

/**
 * Images: never loaded. An image URL in the minutes would make every reader's browser fetch
 * it (tracking, or a request to a LAN device); the node stays in the schema so that an
 * image another client wrote is not deleted by whoever opens the minutes, but it renders as
 * its alt text. Pasted images are not taken in.
 */
const image: NodeSpec = {
  inline: true,
  attrs: { src: { default: '' }, alt: { default: null }, title: { default: null } },
  group: 'inline',
  draggable: true,
  parseDOM: [],
  toDOM(node) {
    const alt = typeof node.attrs.alt === 'string' && node.attrs.alt !== '' ? node.attrs.alt : '🖼';
    return ['span', { class: 'minutes-image' }, alt];
  },
};

/**
 * The minutes' schema: prosemirror-schema-basic plus bullet_list / ordered_list / list_item,
 * with the safe link and image above. The server flattens these node names into MinutesBlock
 * (shared/protocol/record.ts).
 */
export const minutesSchema = new Schema({
  nodes: addListNodes(basic.spec.nodes, 'paragraph block*', 'block').update('image', image),
  marks: basic.spec.marks.update('link', link),
});
