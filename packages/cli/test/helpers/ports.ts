export { closedPort } from '@mldeploy/testkit/vitest';
