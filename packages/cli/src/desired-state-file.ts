import { readFileSync } from 'node:fs';
import type { DesiredState, DesiredStateIssue, DocumentPath } from '@mldeploy/core';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { CliFailure, offlineFailure } from './cli-failure.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const FILE_FORMAT =
  'expected: deployments: [{ id, number_of_allocations: N } or { id, adaptive_allocations: { enabled, min_number_of_allocations, max_number_of_allocations } }]';

/** A line and column (both from 1) in the desired-state file. */
export interface FileLocation {
  line: number;
  col: number;
}

/** A checked desired-state file: its content, and where each of its values is. */
export interface DesiredStateFile {
  /** The path as given on the command line (messages name it so). */
  path: string;
  state: DesiredState;
  /** `path:line:col` of a value of the file (its entry, when the value itself is not there). */
  where(documentPath: DocumentPath): string;
}

/**
 * Reads a desired-state file (YAML, or JSON, which YAML reads too), with source positions, and
 * checks it with core's `checkDesiredState`. A syntax error or a broken rule is refused (exit 2)
 * with the message and its `file:line:col`; a broken Elasticsearch rule carries Elasticsearch's
 * exact message and type, as `update` reports one found offline.
 */
export async function readDesiredStateFile(path: string): Promise<DesiredStateFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${path}:${line}:${col}`;
  };
  const [syntax] = doc.errors;
  if (syntax) {
    throw new UsageError(
      `${position(syntax.pos[0])}: ${syntax.message.split('\n')[0]}`,
      'the file must be YAML or JSON',
    );
  }
  const { checkDesiredState } = await import('@mldeploy/core');
  const checked = checkDesiredState(doc.toJS());
  const where = (documentPath: DocumentPath, atKey = false) =>
    position(locate(doc.contents, documentPath, atKey));
  if (!checked.ok) {
    throw await issueFailure(checked.issues, (issue) =>
      where(issue.path, issue.message.startsWith('unknown field')),
    );
  }
  return { path, state: checked.value, where: (p) => where(p) };
}

/** The first issue as the error (with its location), the count of the others in the hint. */
async function issueFailure(
  issues: DesiredStateIssue[],
  where: (issue: DesiredStateIssue) => string,
): Promise<CliFailure> {
  const [first, ...rest] = issues as [DesiredStateIssue, ...DesiredStateIssue[]];
  const others = rest.length
    ? `${rest.length} more problem${rest.length === 1 ? '' : 's'}: ${rest.map((i) => `${where(i)}: ${i.message}`).join('; ')}`
    : null;
  if (first.error) {
    const failure = await offlineFailure(first.error);
    return new CliFailure(
      {
        ...failure.error,
        reason: `${where(first)}: ${failure.error.reason}`,
        hint: others ?? failure.error.hint,
      },
      EXIT.USAGE,
      true,
    );
  }
  return new CliFailure(
    {
      code: 'USAGE',
      status: 0,
      type: 'usage_error',
      reason: `${where(first)}: ${first.message}`,
      hint: others ?? FILE_FORMAT,
    },
    EXIT.USAGE,
  );
}

/**
 * The offset of the value at `path` (of its key, with `atKey`), or of the closest enclosing value
 * found when the path goes further than the document.
 */
function locate(root: unknown, path: DocumentPath, atKey: boolean): number {
  let node = root as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) {
        break;
      }
      const keyNode = pair.key as Node | null;
      if (last && atKey && keyNode?.range) {
        return keyNode.range[0];
      }
      node = pair.value as Node | null;
      offset = node?.range?.[0] ?? keyNode?.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | null;
      offset = node?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}
