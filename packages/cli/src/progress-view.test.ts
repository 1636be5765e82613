import { describe, expect, it } from 'vitest';
import type { OutputStream } from './cli-io.js';
import { Output } from './output.js';
import { ProgressView } from './progress-view.js';
import { Redactor } from './redactor.js';

const sink = (isTTY: boolean): OutputStream & { text: string } => ({
  text: '',
  isTTY,
  write(chunk: string) {
    this.text += chunk;
  },
});

const report = (current: [number, number]) => ({
  deploymentId: 'd',
  state: current[0] + current[1] === 4 ? 'fully_allocated' : 'started',
  allocationCount: current[0] + current[1],
  targetAllocationCount: 4,
  nodes: [
    {
      nodeId: 'b',
      nodeName: 'ml-2',
      routingState: 'started' as const,
      currentAllocations: current[1],
      targetAllocations: 2,
    },
    {
      nodeId: 'a',
      nodeName: 'ml-1',
      routingState: 'started' as const,
      currentAllocations: current[0],
      targetAllocations: 2,
    },
  ],
});

describe('ProgressView', () => {
  it('redraws a bar per node in place on a terminal', () => {
    const stderr = sink(true);
    const view = new ProgressView(
      new Output({ stdout: sink(true), stderr, env: { NO_COLOR: '1' } }, 'human', false, new Redactor()),
      'd',
    );
    view.update(report([1, 0]));
    view.update(report([2, 2]));
    const frames = stderr.text.split('\x1b[3A\x1b[J');
    expect(frames).toHaveLength(2);
    expect(frames[1]).toBe(
      'waiting for d: 4/4 allocations, fully_allocated\n' +
        `  ml-1  ${'█'.repeat(20)}  2/2  started\n` +
        `  ml-2  ${'█'.repeat(20)}  2/2  started\n`,
    );
    expect(frames[0]).toContain(`  ml-1  ${'█'.repeat(10)}${'░'.repeat(10)}  1/2  started`);
  });

  it('prints a line only when counts change off a terminal, and nothing in JSON mode', () => {
    const stderr = sink(false);
    const view = new ProgressView(
      new Output({ stdout: sink(false), stderr }, 'human', false, new Redactor()),
      'd',
    );
    view.update(report([1, 0]));
    view.update(report([1, 0]));
    view.update(report([2, 1]));
    expect(stderr.text).toBe(
      'waiting for d: 1/4 allocations, started (ml-1 1/2, ml-2 0/2)\nwaiting for d: 3/4 allocations, started (ml-1 2/2, ml-2 1/2)\n',
    );
    const quiet = sink(false);
    new ProgressView(
      new Output({ stdout: sink(false), stderr: quiet }, 'json', false, new Redactor()),
      'd',
    ).update(report([1, 0]));
    expect(quiet.text).toBe('');
  });

  it('shows a target the client does not know as ?', () => {
    const stderr = sink(false);
    const view = new ProgressView(
      new Output({ stdout: sink(false), stderr }, 'human', false, new Redactor()),
      'd',
    );
    const r = report([1, 0]);
    view.update({ ...r, nodes: r.nodes.map((n) => ({ ...n, targetAllocations: undefined })) });
    expect(stderr.text).toBe('waiting for d: 1/4 allocations, started (ml-1 1/?, ml-2 0/?)\n');
  });
});
