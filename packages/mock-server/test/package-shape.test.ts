import { fileURLToPath } from 'node:url';
import { describePackageShape } from '@mldeploy/testkit/vitest';

describePackageShape(fileURLToPath(new URL('..', import.meta.url)), {
  bin: { 'mldeploy-mock': './bin/mldeploy-mock.js' },
});
