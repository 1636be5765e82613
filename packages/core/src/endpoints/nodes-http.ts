import { type Static, Type } from '@sinclair/typebox';
import { defineEndpoint } from '../endpoint-spec.js';
import { CommonQuery } from '../schemas/common-query.js';

/** One node of the nodes info answer, as far as its `http` metric goes (NodeInfo.toXContent). */
export const NodeHttpInfo = Type.Object({
  name: Type.String(),
  transport_address: Type.String(),
  host: Type.String(),
  ip: Type.String(),
  version: Type.String(),
  build_flavor: Type.Optional(Type.String()),
  build_type: Type.String(),
  build_hash: Type.String(),
  roles: Type.Array(Type.String()),
  attributes: Type.Record(Type.String(), Type.String()),
  /** Absent on a node that has not published an HTTP address yet (clients skip it). */
  http: Type.Optional(
    Type.Object({
      bound_address: Type.Array(Type.String()),
      publish_address: Type.String(),
      max_content_length_in_bytes: Type.Integer(),
    }),
  ),
});
export type NodeHttpInfo = Static<typeof NodeHttpInfo>;

/** The answer of `GET /_nodes/_all/http` (NodesInfoResponse): the nodes by id. */
export const NodesHttpResponse = Type.Object({
  _nodes: Type.Object({ total: Type.Integer(), successful: Type.Integer(), failed: Type.Integer() }),
  cluster_name: Type.String(),
  nodes: Type.Record(Type.String(), NodeHttpInfo),
});
export type NodesHttpResponse = Static<typeof NodesHttpResponse>;

/**
 * `GET /_nodes/{node_id}/{metric}` as the official clients' sniffing calls it,
 * `GET /_nodes/_all/http`: every node with the HTTP address it publishes and its roles
 * (docs/multi-node.md). Only the `http` metric's part of the answer is described.
 */
export const nodesHttp = defineEndpoint({
  name: 'nodes.info',
  summary: "Get the nodes' HTTP addresses (sniffing)",
  method: 'GET',
  paths: ['/_nodes/{node_id}/{metric}'],
  pathParams: {
    node_id: 'Nodes to list: `_all`, `_local`, or node ids and names, comma-separated.',
    metric: 'The sections to answer; sniffing asks for `http`.',
  },
  query: Type.Object({ ...CommonQuery }, { additionalProperties: false }),
  bodyMode: 'none',
  response: NodesHttpResponse,
  privileges: ['monitor', 'manage', 'all'],
  action: 'cluster:monitor/nodes/info',
  since: '0.0.0',
  effect: 'read',
  replayOnDeployment: true,
  label: '_nodes http',
});
