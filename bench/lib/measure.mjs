// Timing helpers. Every number the bench prints is a ratio of two measurements taken in the same
// run, interleaved round by round so that drift (turbo boost, a noisy neighbour, GC) hits both.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full collection before every sample, so that one subject's garbage (zod allocates a great
// deal) is never collected inside the next subject's timed loop.
setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? runInNewContext('gc');

/** A full garbage collection, so that garbage left by one subject is not collected in another's time. */
export function collect() {
  gc();
}

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The q-quantile (0..1) of numbers, nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * A sampler of its own for each subject: `sample(fn, inputs, iterations)` answers nanoseconds per
 * call. Each sampler is compiled from its own source text, so V8 keeps a separate type feedback
 * for each call site and one subject's shapes never make another's call megamorphic (a shared
 * loop calling several functions measures the shared call site, not the subjects).
 */
function makeSampler(label) {
  return new Function(
    'performance',
    'state',
    `/* sampler: ${JSON.stringify(label).slice(1, -1).replace(/\*\//g, '')} */
    return function sample(fn, inputs, iterations) {
      const n = inputs.length;
      let s = 0;
      const start = performance.now();
      for (let i = 0; i < iterations; i++) {
        const r = fn(inputs[i % n]);
        s ^= r.ok ? 1 : 2;
      }
      const ns = ((performance.now() - start) * 1e6) / iterations;
      state.sink ^= s;
      return ns;
    };`,
  )(performance, sinkState);
}

const sinkState = { sink: 0 };

/**
 * Nanoseconds per call of each synchronous subject on the same inputs: each is warmed up and
 * calibrated to about `sampleMs` per sample, then sampled `rounds` times in rotating order, each
 * sample after a full garbage collection; the median sample wins.
 */
export function compareSync(subjects, inputs, { rounds = 9, sampleMs = 40 } = {}) {
  const iterations = {};
  const samplers = Object.fromEntries(Object.keys(subjects).map((k) => [k, makeSampler(k)]));
  for (const [name, fn] of Object.entries(subjects)) {
    const sample = samplers[name];
    let it = inputs.length;
    // Warm up (lets the JIT settle) and calibrate.
    for (;;) {
      const start = performance.now();
      sample(fn, inputs, it);
      const took = performance.now() - start;
      if (took >= sampleMs / 4) {
        iterations[name] = Math.max(inputs.length, Math.round((it * sampleMs) / took));
        break;
      }
      it *= 4;
    }
  }
  const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  const names = Object.keys(subjects);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      collect();
      samples[name].push(samplers[name](subjects[name], inputs, iterations[name]));
    }
  }
  if (sinkState.sink === -1) {
    throw new Error('unreachable');
  }
  return Object.fromEntries(names.map((k) => [k, median(samples[k])]));
}

/** Spawns a command and resolves with its wall time in ms, exit code and output. */
export function timeSpawn(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - start, code, stdout, stderr }));
  });
}

/** Formats a number with a unit and a sensible precision. */
export function fmt(value, unit) {
  if (value === undefined || value === null || Number.isNaN(value)) {
    return 'n/a';
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`.trim();
}

/** Formats a duration given in nanoseconds. */
export function fmtNs(ns) {
  if (ns >= 1e6) {
    return fmt(ns / 1e6, 'ms');
  }
  if (ns >= 1e3) {
    return fmt(ns / 1e3, 'µs');
  }
  return fmt(ns, 'ns');
}

/** Formats a byte count. */
export function fmtBytes(bytes) {
  if (bytes >= 1024 * 1024) {
    return fmt(bytes / (1024 * 1024), 'MiB');
  }
  if (bytes >= 1024) {
    return fmt(bytes / 1024, 'KiB');
  }
  return `${Math.round(bytes)} B`;
}
