/** What a flag's value is: a switch, free text, an integer, or text given any number of times. */
export type FlagKind = 'boolean' | 'string' | 'int' | 'list';

/**
 * One flag, keyed by its long name in a {@link FlagTable}. Parsing, help, completion and the CLI's
 * README are all written from these fields (docs/architecture.md, "Adding a CLI command").
 */
export interface FlagSpec<K extends FlagKind = FlagKind> {
  kind: K;
  /** One-letter alias, `-n`. */
  short?: string;
  /** Placeholder of the value in help (`N`, `URL`); absent for a switch. */
  value?: string;
  description: string;
  /** Environment variables read when the flag is absent, in order (shown in help and the README). */
  env?: readonly string[];
  /** The only values the flag takes; the parser refuses others unless {@link checkedByCore}. */
  choices?: readonly string[];
  /**
   * Choices core's offline check refuses with Elasticsearch's own message (as the server would), so
   * the parser leaves them to it; help and completion still offer the choices.
   */
  checkedByCore?: boolean;
  /** Flags that cannot be given with this one: `--a and --b contradict each other`, or the message. */
  conflicts?: readonly (string | { flag: string; message: string })[];
  /** A flag this one needs, and the message when it is missing. */
  requires?: { flag: string; message: string };
  /** The value names a file (completion offers files). */
  file?: boolean;
  /** The value is a secret: scrubbed from everything the CLI prints, from the first moment. */
  secret?: boolean;
  /** The config file's key for the same setting (a context's key, or `current`). */
  config?: string;
}

/** A command's flags by long name. */
export type FlagTable = Record<string, FlagSpec>;

/** The parsed value of each flag of a table: `boolean`, `string`, `number` (or undefined), `string[]`. */
export type FlagValues<F extends FlagTable> = {
  [K in keyof F]: F[K] extends FlagSpec<'boolean'>
    ? boolean
    : F[K] extends FlagSpec<'int'>
      ? number | undefined
      : F[K] extends FlagSpec<'list'>
        ? string[]
        : string | undefined;
};

/** A switch. */
export const bool = (spec: Omit<FlagSpec<'boolean'>, 'kind' | 'value'>): FlagSpec<'boolean'> => ({
  kind: 'boolean',
  ...spec,
});

/** A flag with a text value. */
export const text = (spec: Omit<FlagSpec<'string'>, 'kind'> & { value: string }): FlagSpec<'string'> => ({
  kind: 'string',
  ...spec,
});

/** A flag with an integer value (`--allocations four` is a usage error). */
export const int = (spec: Omit<FlagSpec<'int'>, 'kind'>): FlagSpec<'int'> => ({
  kind: 'int',
  value: 'N',
  ...spec,
});

/** A flag given any number of times (`--query a=1 --query b=2`). */
export const list = (spec: Omit<FlagSpec<'list'>, 'kind'> & { value: string }): FlagSpec<'list'> => ({
  kind: 'list',
  ...spec,
});

/** `a, b or c`. */
export function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The first non-empty environment variable of a flag, if any. */
export function envValue(
  flag: Pick<FlagSpec, 'env'>,
  env: Record<string, string | undefined>,
): string | undefined {
  return flag.env?.map((n) => env[n]).find((v) => v !== undefined && v !== '');
}
