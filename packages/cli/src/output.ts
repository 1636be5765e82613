import type { CliIo, OutputStream } from './cli-io.js';
import { type Colors, createColors, shouldColor } from './colors.js';
import type { Redactor } from './redactor.js';

/** The error part of a `--json` document; the same five keys every time. */
export interface CliErrorShape {
  code: string;
  /** The HTTP status Elasticsearch answered (or would answer, for offline validation); 0 if none. */
  status: number;
  type: string;
  reason: string;
  hint: string | null;
}

/** The output format: tables and colour for people, one JSON document for programs. */
export type OutputMode = 'human' | 'json';

/**
 * Writes results and errors in the chosen mode, scrubbing secrets from everything it writes.
 * In JSON mode exactly one document goes to stdout and stderr stays empty (but for `--verbose` lines).
 */
export class Output {
  readonly colors: Colors;
  readonly errColors: Colors;

  constructor(
    private readonly io: CliIo,
    readonly mode: OutputMode,
    noColor: boolean,
    private readonly redactor: Redactor,
  ) {
    const env = io.env ?? {};
    this.colors = createColors(mode === 'human' && shouldColor(env, io.stdout.isTTY, noColor));
    this.errColors = createColors(mode === 'human' && shouldColor(env, io.stderr.isTTY, noColor));
  }

  /** True in JSON mode. */
  get json(): boolean {
    return this.mode === 'json';
  }

  /** Writes a line (or lines) to stdout. */
  line(text = ''): void {
    this.write(this.io.stdout, `${text}\n`);
  }

  /** Writes raw text to stderr (progress, notes); nothing in JSON mode. */
  note(text: string): void {
    if (!this.json) {
      this.write(this.io.stderr, text);
    }
  }

  /** Writes a line asked for by `--verbose` to stderr, in every mode (JSON mode's stdout stays one document). */
  verbose(text: string): void {
    this.write(this.io.stderr, `${text}\n`);
  }

  /** The stderr stream, for progress rendering decisions. */
  get stderr(): OutputStream {
    return this.io.stderr;
  }

  /** Prints a success: the JSON envelope, or the human rendering. */
  result(data: unknown, human: () => string): void {
    if (this.json) {
      this.line(JSON.stringify({ ok: true, data }, null, 2));
    } else {
      const text = human();
      if (text) {
        this.line(text);
      }
    }
  }

  /** Prints a failure: the JSON envelope on stdout, or `error: …` and a hint on stderr. */
  error(error: CliErrorShape, offline = false): void {
    if (this.json) {
      this.line(JSON.stringify({ ok: false, error }, null, 2));
      return;
    }
    const c = this.errColors;
    const where =
      error.code === 'USAGE'
        ? ''
        : offline
          ? ` (${error.type}: Elasticsearch would answer HTTP ${error.status}; checked offline, nothing was sent)`
          : error.status > 0
            ? ` (${error.type}, HTTP ${error.status})`
            : ` (${error.type})`;
    this.write(this.io.stderr, `${c.red(c.bold('error:'))} ${error.reason}${where}\n`);
    if (error.hint) {
      this.write(this.io.stderr, `${c.dim('hint:')} ${error.hint}\n`);
    }
  }

  private write(stream: OutputStream, text: string): void {
    stream.write(this.redactor.redact(text));
  }
}
