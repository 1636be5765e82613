import type { DeploymentView } from './deployment-view.js';

/** One refresh of one deployment: the page's time, allocations now and targeted, inferences per minute. */
export interface Sample {
  t: number;
  current: number;
  target: number;
  load: number;
}

/** Samples kept per deployment: 10 minutes at the fast pace, 2.5 hours at the slow one. */
export const MAX_SAMPLES = 600;

/** Appends a sample of `view` taken at `t` (the page's clock), dropping the oldest beyond {@link MAX_SAMPLES}. */
export function record(samples: Sample[], view: DeploymentView, t: number): Sample[] {
  samples.push({ t, current: view.current, target: view.target, load: view.load });
  if (samples.length > MAX_SAMPLES) {
    samples.splice(0, samples.length - MAX_SAMPLES);
  }
  return samples;
}

type Series = 'current' | 'target' | 'load';

/**
 * The points of each line in a `w` × `h` box: time on x (first to last sample), allocations on y
 * (0 to the largest value seen, at least 1), load on its own scale. No load line when it never
 * rose above 0 (the server simulates no inference).
 */
export function plot(
  samples: Sample[],
  w: number,
  h: number,
): { [K in Series]: string | undefined } & { top: number; loadTop: number } {
  const top = Math.max(1, ...samples.map((s) => Math.max(s.current, s.target)));
  const loadTop = Math.max(0, ...samples.map((s) => s.load));
  const t0 = samples[0]?.t ?? 0;
  const span = (samples.at(-1)?.t ?? 0) - t0;
  const x = (s: Sample) => (span > 0 ? ((s.t - t0) / span) * w : w).toFixed(1);
  // A single sample is drawn as a level line across the box.
  const line = (value: (s: Sample) => number, max: number) =>
    samples
      .map((s) => `${x(s)},${(h - (value(s) / max) * h).toFixed(1)}`)
      .join(' ')
      .replace(/^\S+,(\S+)$/, `0,$1 ${w},$1`);
  return {
    top,
    loadTop,
    current: line((s) => s.current, top),
    target: line((s) => s.target, top),
    load: loadTop > 0 ? line((s) => s.load, loadTop) : undefined,
  };
}

const NS = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, String(v));
  }
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

const clock = (t: number) => new Date(t).toLocaleTimeString();

/**
 * Allocations (current solid, target dashed) and load (dotted) over the time the page has been
 * open. `axes` adds a frame with the allocation scale on the left, the load scale on the right and
 * the first and last sample's time below; without it, a sparkline.
 */
export function chart(samples: Sample[], w: number, h: number, axes = false): SVGSVGElement {
  const m = axes ? { l: 28, r: 40, t: 8, b: 20 } : { l: 1, r: 1, t: 2, b: 2 };
  const p = plot(samples, w - m.l - m.r, h - m.t - m.b);
  const root = svg('svg', {
    class: axes ? 'chart' : 'spark',
    viewBox: `0 0 ${w} ${h}`,
    width: w,
    height: h,
    'data-points': samples.length,
  }) as SVGSVGElement;
  const g = svg('g', { transform: `translate(${m.l} ${m.t})` });
  root.append(g);
  const ih = h - m.t - m.b;
  if (axes) {
    g.append(
      svg('path', { class: 'axis', d: `M0 0V${ih}H${w - m.l - m.r}` }),
      svg('text', { x: -4, y: 4, 'text-anchor': 'end' }, String(p.top)),
      svg('text', { x: -4, y: ih, 'text-anchor': 'end' }, '0'),
    );
    if (samples.length > 0) {
      g.append(
        svg('text', { x: 0, y: ih + 14 }, clock(samples[0]?.t ?? 0)),
        svg('text', { x: w - m.l - m.r, y: ih + 14, 'text-anchor': 'end' }, clock(samples.at(-1)?.t ?? 0)),
      );
    }
    if (p.load) {
      g.append(svg('text', { x: w - m.l - m.r + 4, y: 4, class: 'load' }, `${p.loadTop}/min`));
    }
  }
  for (const series of ['target', 'current', 'load'] as const) {
    const points = p[series];
    if (points) {
      g.append(svg('polyline', { class: `line-${series}`, points, fill: 'none' }));
    }
  }
  return root;
}
