/**
 * Fit-to-box for the hall screen (issue 10): the element's font-size starts at `max` and
 * steps down (5 % a step) until its content no longer overflows it, but never below `min`,
 * the legibility floor (32 px at 1080p). Everything inside is sized in `em`, so the whole view
 * shrinks together. Still overflowing at the floor, `onOverflow` is called so a long list can
 * show fewer rows ("+N more") instead of shrinking further; nothing is ever hidden by
 * `overflow: hidden`. Re-fits when the box resizes or the content changes (one per frame).
 */
export interface FitOptions {
  /** Largest font-size, px. */
  max: number;
  /** Smallest font-size, px (the floor). */
  min: number;
  /** Still too big at the floor. */
  onOverflow?: () => void;
}

const overflowing = (node: HTMLElement): boolean =>
  node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;

/** Pure step sequence: sizes tried from `max` down to `min` (inclusive), 5 % apart. */
export function fitSteps(max: number, min: number): number[] {
  const steps: number[] = [];
  for (let size = max; size > min; size *= 0.95) steps.push(Math.round(size * 100) / 100);
  steps.push(min);
  return steps;
}

export function fit(node: HTMLElement, initial: FitOptions) {
  let options = initial;
  let frame = 0;

  const run = (): void => {
    frame = 0;
    for (const size of fitSteps(options.max, options.min)) {
      node.style.fontSize = `${size}px`;
      if (!overflowing(node)) {
        node.dataset.fit = String(size);
        return;
      }
    }
    node.dataset.fit = String(options.min);
    options.onOverflow?.();
  };
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(run);
  };

  const resize = new ResizeObserver(schedule);
  resize.observe(node);
  const mutations = new MutationObserver(schedule);
  mutations.observe(node, { childList: true, subtree: true, characterData: true });
  run();

  return {
    update(next: FitOptions): void {
      options = next;
      schedule();
    },
    destroy(): void {
      cancelAnimationFrame(frame);
      resize.disconnect();
      mutations.disconnect();
    },
  };
}
