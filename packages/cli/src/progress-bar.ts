/** A bar of `width` cells filled in proportion to `current / target`, e.g. `████░░░░`. */
export function progressBar(current: number, target: number, width = 20): string {
  const ratio = target <= 0 ? (current > 0 ? 1 : 0) : Math.min(1, Math.max(0, current / target));
  const filled = Math.round(ratio * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
