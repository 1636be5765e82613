import type { CommandContext } from './command-context.js';
import { UsageError } from './usage-error.js';

/** All of stdin as text; a terminal (nothing piped) is a usage error with `message`. */
export async function readStdin(ctx: Pick<CommandContext, 'io'>, message: string): Promise<string> {
  const stdin = ctx.io.stdin;
  if (!stdin || (stdin as { isTTY?: boolean }).isTTY) {
    throw new UsageError(message);
  }
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of stdin) {
    chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  return chunks.join('') + decoder.decode();
}
