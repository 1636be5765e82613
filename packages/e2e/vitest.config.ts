import { sharedConfig } from '../../vitest.shared.js';

export default sharedConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
