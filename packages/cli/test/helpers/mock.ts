// The mock-server fixture lives in `@mldeploy/mock-server/testing` (useMockServer, SEEDED_ID).
export { closedPort } from './ports.js';
