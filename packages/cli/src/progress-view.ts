import type { AllocationProgress, NodeAllocationProgress } from '@mldeploy/client';
import type { Output } from './output.js';
import { progressBar } from './progress-bar.js';

/** The client's progress report (`toAllocationProgress`), without the raw stats it carries. */
export type ProgressReport = Omit<AllocationProgress, 'stats'>;

/** `current/target`, or `current/?` while the client does not know the node's target. */
function counts(n: NodeAllocationProgress): string {
  return `${n.currentAllocations}/${n.targetAllocations ?? '?'}`;
}

/**
 * Shows `--wait` progress on stderr: on a terminal, a per-node bar of current vs target allocations
 * redrawn in place; otherwise one line each time the counts change. Silent in JSON mode.
 */
export class ProgressView {
  private drawnLines = 0;
  private lastLine = '';
  last: ProgressReport | undefined;

  constructor(
    private readonly out: Output,
    private readonly deploymentId: string,
  ) {}

  /** Renders one report. */
  update(p: ProgressReport): void {
    this.last = p;
    if (this.out.json) {
      return;
    }
    const c = this.out.errColors;
    const nodes = [...p.nodes].sort((a, b) => (a.nodeName ?? a.nodeId).localeCompare(b.nodeName ?? b.nodeId));
    if (this.out.stderr.isTTY) {
      const width = Math.max(0, ...nodes.map((n) => (n.nodeName ?? n.nodeId).length));
      const lines = [
        `${c.cyan('waiting')} for ${c.bold(this.deploymentId)}: ${p.allocationCount}/${p.targetAllocationCount} allocations, ${p.state}`,
        ...nodes.map(
          (n) =>
            `  ${(n.nodeName ?? n.nodeId).padEnd(width)}  ${c.green(progressBar(n.currentAllocations, n.targetAllocations ?? n.currentAllocations))}  ${counts(n)}  ${c.dim(n.routingState)}`,
        ),
      ];
      const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A\x1b[J` : '';
      this.out.note(`${up}${lines.join('\n')}\n`);
      this.drawnLines = lines.length;
      return;
    }
    const line = `waiting for ${this.deploymentId}: ${p.allocationCount}/${p.targetAllocationCount} allocations, ${p.state}${
      nodes.length ? ` (${nodes.map((n) => `${n.nodeName ?? n.nodeId} ${counts(n)}`).join(', ')})` : ''
    }`;
    if (line !== this.lastLine) {
      this.out.note(`${line}\n`);
      this.lastLine = line;
    }
  }
}
