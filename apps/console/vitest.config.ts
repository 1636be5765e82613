import { sharedConfig } from '../../vitest.shared.js';

export default sharedConfig({
  test: {
    // The browser suites build the console first when dist/ is older than its sources.
    globalSetup: ['test/global-setup.ts'],
    // One browser at a time: small CI machines. Time itself is stepped (the mock's manual clock and
    // Playwright's clock on the page), so no suite waits for it.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
