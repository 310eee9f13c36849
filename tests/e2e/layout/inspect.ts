/**
 * What "fits" means for the layout suite, checked inside the page. Passed to `page.evaluate`,
 * so it must be self-contained (no imports, no closures over module scope).
 */
export interface LayoutRules {
  /**
   * A projector: nobody can scroll it, so everything must sit inside the viewport, and text
   * must be readable from the back of the hall.
   */
  projector: boolean;
  /** Smallest font size (CSS px) any text may have; 0 for no minimum. */
  minFontPx: number;
}

export interface LayoutProblem {
  kind:
    | 'page-overflow-x'
    | 'page-overflow-y'
    | 'text-cut'
    | 'clipped'
    | 'off-screen'
    | 'overlap'
    | 'text-too-small';
  /** A short description of the element: tag, classes, the start of its text. */
  what: string;
  detail: string;
}

/**
 * Every visible element that carries text or is a control is checked:
 * - the page never scrolls sideways (and a projector never scrolls at all);
 * - its own text is not cut (overflow hidden with more content than box), unless it ends in an
 *   ellipsis or a line clamp and carries the full text in `title` or `aria-label` (not on a
 *   projector: nobody hovers there);
 * - the nearest ancestor that clips (overflow not visible) contains it, unless that ancestor is
 *   a scroll container the user can scroll in that direction (not on a projector);
 * - it lies inside the viewport horizontally, and on a projector vertically too;
 * - on a projector its font size is at least `minFontPx`, except operator chrome marked with
 *   `data-chrome` (the fullscreen and language buttons nobody in the hall needs to read);
 * - no line of its text is drawn over a line of another element's text (content that spills
 *   out of a box that shrank below it, over the next one).
 * Visually hidden text (the 1 px clip pattern for screen readers) is skipped.
 */
export function inspectLayout(rules: LayoutRules): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const slack = 1;
  const root = document.scrollingElement ?? document.documentElement;

  const describe = (el: Element): string => {
    const cls =
      typeof el.className === 'string' && el.className
        ? `.${el.className.trim().split(/\s+/).join('.')}`
        : '';
    const label = el.getAttribute('aria-label');
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return `<${el.tagName.toLowerCase()}${cls}>${label ? ` [${label.slice(0, 40)}]` : ''} "${text}"`;
  };
  const add = (kind: LayoutProblem['kind'], el: Element | null, detail: string): void => {
    problems.push({ kind, what: el ? describe(el) : 'page', detail });
  };

  if (root.scrollWidth > vw + slack) {
    add('page-overflow-x', null, `page is ${root.scrollWidth} px wide in a ${vw} px viewport`);
  }
  if (rules.projector && root.scrollHeight > vh + slack) {
    add('page-overflow-y', null, `page is ${root.scrollHeight} px tall in a ${vh} px viewport`);
  }

  const clips = (v: string): boolean => v !== 'visible';
  const scrolls = (v: string): boolean => v === 'auto' || v === 'scroll';
  const visuallyHidden = (el: Element): boolean => {
    for (let a: Element | null = el; a; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      const s = getComputedStyle(a);
      if (r.width <= 1 && r.height <= 1 && clips(s.overflowX)) return true;
      if (s.clip !== 'auto' && s.clip !== '' && s.position === 'absolute') return true;
    }
    return false;
  };

  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (el.matches('option, script, style, template, noscript')) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const ownText = Array.from(el.childNodes).some(
      (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
    );
    const control = el.matches(
      'button, input, select, textarea, img, svg, canvas, video, [role="img"]',
    );
    if (!ownText && !control) continue;
    if (visuallyHidden(el)) continue;
    const style = getComputedStyle(el);

    if (
      ownText &&
      (clips(style.overflowX) || clips(style.overflowY)) &&
      !el.matches('input, textarea, select') &&
      (el.scrollWidth > el.clientWidth + slack || el.scrollHeight > el.clientHeight + slack)
    ) {
      // An ellipsis (or a line clamp) with the full text in a tooltip is fine at a desk; on a
      // projector nobody can hover.
      const truncates =
        style.textOverflow === 'ellipsis' ||
        (style.webkitLineClamp !== '' && style.webkitLineClamp !== 'none');
      const fullTextGiven =
        !rules.projector &&
        truncates &&
        Boolean(el.getAttribute('title') || el.getAttribute('aria-label'));
      if (!fullTextGiven) {
        add(
          'text-cut',
          el,
          `content ${el.scrollWidth}×${el.scrollHeight} in a ${el.clientWidth}×${el.clientHeight} box`,
        );
      }
    }

    let inHorizontalScroller = false;
    for (
      let a = el.parentElement;
      a && a !== document.body && a !== document.documentElement;
      a = a.parentElement
    ) {
      const s = getComputedStyle(a);
      if (!clips(s.overflowX) && !clips(s.overflowY)) continue;
      const box = a.getBoundingClientRect();
      const outX = rect.left < box.left - slack || rect.right > box.right + slack;
      const outY = rect.top < box.top - slack || rect.bottom > box.bottom + slack;
      inHorizontalScroller = scrolls(s.overflowX);
      const reachable = (out: boolean, overflow: string): boolean =>
        !out || (!rules.projector && scrolls(overflow));
      if (!reachable(outX, s.overflowX) || !reachable(outY, s.overflowY)) {
        add(
          'clipped',
          el,
          `outside ${describe(a).slice(0, 60)} (overflow ${s.overflowX}/${s.overflowY})`,
        );
      }
      break;
    }

    if (!inHorizontalScroller && (rect.left < -slack || rect.right > vw + slack)) {
      add(
        'off-screen',
        el,
        `x ${Math.round(rect.left)}–${Math.round(rect.right)} in a ${vw} px viewport`,
      );
    }
    if (rules.projector && (rect.top < -slack || rect.bottom > vh + slack)) {
      add(
        'off-screen',
        el,
        `y ${Math.round(rect.top)}–${Math.round(rect.bottom)} in a ${vh} px viewport`,
      );
    }
    if (
      rules.minFontPx > 0 &&
      ownText &&
      !el.closest('[data-chrome]') &&
      parseFloat(style.fontSize) < rules.minFontPx - 0.5
    ) {
      add('text-too-small', el, `${style.fontSize} < ${rules.minFontPx.toFixed(1)}px`);
    }
  }
  // Text drawn over other text: compare the line boxes of every visible text node.
  const lines: { el: Element; r: DOMRect }[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || !(n.textContent ?? '').trim() || parent.closest('[data-chrome], svg')) continue;
    if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    if (visuallyHidden(parent)) continue;
    // Only the part a clipping ancestor lets through is drawn.
    let clip = new DOMRect(-1e6, -1e6, 2e6, 2e6);
    for (let a: Element | null = parent; a && a !== document.documentElement; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (!clips(st.overflowX) && !clips(st.overflowY)) continue;
      const box = a.getBoundingClientRect();
      const left = Math.max(clip.left, box.left);
      const top = Math.max(clip.top, box.top);
      clip = new DOMRect(
        left,
        top,
        Math.min(clip.right, box.right) - left,
        Math.min(clip.bottom, box.bottom) - top,
      );
    }
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const line of Array.from(range.getClientRects())) {
      const left = Math.max(line.left, clip.left);
      const top = Math.max(line.top, clip.top);
      const r = new DOMRect(
        left,
        top,
        Math.min(line.right, clip.right) - left,
        Math.min(line.bottom, clip.bottom) - top,
      );
      if (r.width > 0 && r.height > 0) lines.push({ el: parent, r });
    }
  }
  const overlapping = new Set<Element>();
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i]!;
    for (let j = i + 1; j < lines.length; j++) {
      const b = lines[j]!;
      if (a.el === b.el || overlapping.has(b.el)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      // Line boxes of neighbouring lines may touch by a pixel or two (tight line-height).
      if (w > 4 && h > Math.min(a.r.height, b.r.height) / 3) {
        overlapping.add(b.el);
        add('overlap', b.el, `drawn over ${describe(a.el).slice(0, 60)}`);
      }
    }
  }
  return problems;
}
