/** Styling functions; identity functions when colour is off. */
export interface Colors {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;

/**
 * Decides colour the way most CLIs do: `--no-color` or a non-empty `NO_COLOR` turn it off,
 * a `FORCE_COLOR` other than `0` turns it on, otherwise a terminal (not `TERM=dumb`) gets colour.
 */
export function shouldColor(
  env: Record<string, string | undefined>,
  isTTY: boolean | undefined,
  noColorFlag: boolean,
): boolean {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) {
    return false;
  }
  if (env.FORCE_COLOR !== undefined) {
    return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  }
  return isTTY === true && env.TERM !== 'dumb';
}

/** The colour functions for a decision made by {@link shouldColor}. */
export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
  };
}

/** The length of a string as displayed, without colour escapes. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes on purpose
  return [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;
}
