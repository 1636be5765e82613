import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';
import { MlInfoResponse } from '../schemas/model-lifecycle.js';

/** `GET /_ml/info`: machine learning defaults and limits. */
export const mlInfo = defineEndpoint({
  name: 'ml.info',
  summary: 'Get machine learning information',
  method: 'GET',
  paths: ['/_ml/info'],
  pathParams: {},
  query: Type.Object({ ...CommonQuery }, { additionalProperties: false }),
  bodyMode: 'none',
  response: MlInfoResponse,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/info/get',
  since: '6.3.0',
  effect: 'read',
  replayOnDeployment: true,
  label: '_ml/info',
});
