import { sharedConfig } from '../../vitest.shared.js';

export default sharedConfig({
  test: {
    // The browser suites build the console first when dist/ is older than its sources.
    globalSetup: ['test/global-setup.ts'],
    // One browser at a time: the suites watch allocations converge in real time on small CI machines.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
