// The parts of the CLI's README written from the command table (src/command-specs.ts): the command
// reference and the connection settings. test/offline/readme.test.ts compares them with the README.
import { COMMANDS } from '../../src/command-specs.js';
import { CONNECTION_FLAGS, OUTPUT_FLAGS } from '../../src/common-flags.js';
import type { FlagTable } from '../../src/flag-spec.js';
import { flagDescription, flagUsage } from '../../src/help.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => `\`${cell(text)}\``;

/** A markdown table laid out as the formatter (biome) lays it out: every column padded to its widest cell. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The command reference: each command with its summary, then its own flags. */
export function commandReference(): string {
  const flagLines = (flags: FlagTable) =>
    Object.entries(flags).map(([name, f]) => `  - ${code(flagUsage(name, f).trim())}: ${flagDescription(f)}`);
  return [
    ...COMMANDS.flatMap((c) => [
      `- ${code(`mldeploy ${c.name}${c.args ? ` ${c.args}` : ''}`)}: ${c.summary}`,
      ...flagLines(c.flags),
    ]),
    '- every command also takes the output flags:',
    ...flagLines(OUTPUT_FLAGS),
    '- and every command that connects, the connection flags below.',
  ].join('\n');
}

/** The connection settings: each flag, its environment variables and its config file key. */
export function connectionReference(): string {
  return table(
    ['flag', 'environment', 'config key'],
    Object.entries(CONNECTION_FLAGS).map(([name, f]) => [
      `${code(flagUsage(name, f).trim())}: ${cell(f.description)}`,
      (f.env ?? []).map(code).join(', '),
      f.config ? code(f.config) : '',
    ]),
  );
}
