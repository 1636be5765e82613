import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { ClusterInfo } from '../schemas/cluster-info.js';
import { CommonQuery } from '../schemas/common-query.js';

/** `GET /` (and `HEAD /`, as RestMainAction registers both): the cluster's name and version. */
export const info = defineEndpoint({
  name: 'info',
  summary: 'Get cluster info',
  method: 'GET',
  alsoAnswers: ['HEAD'],
  paths: ['/'],
  pathParams: {},
  query: Type.Object({ ...CommonQuery }, { additionalProperties: false }),
  bodyMode: 'none',
  response: ClusterInfo,
  privileges: ['monitor', 'manage', 'all'],
  action: 'cluster:monitor/main',
  since: '0.0.0',
  effect: 'read',
  replayOnDeployment: true,
  label: '/',
});
