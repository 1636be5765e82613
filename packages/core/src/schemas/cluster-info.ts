import { type Static, Type } from '@sinclair/typebox';

/** `GET /`: the cluster's name and version. */
export const ClusterInfo = Type.Object(
  {
    name: Type.String(),
    cluster_name: Type.String(),
    cluster_uuid: Type.String(),
    version: Type.Object(
      {
        number: Type.String({ description: 'The Elasticsearch version, e.g. 8.19.0.' }),
        build_flavor: Type.Optional(Type.String()),
        build_type: Type.Optional(Type.String()),
        build_hash: Type.Optional(Type.String()),
        build_date: Type.Optional(Type.String()),
        build_snapshot: Type.Optional(Type.Boolean()),
        lucene_version: Type.Optional(Type.String()),
        minimum_wire_compatibility_version: Type.Optional(Type.String()),
        minimum_index_compatibility_version: Type.Optional(Type.String()),
      },
      { additionalProperties: true },
    ),
    tagline: Type.String(),
  },
  { additionalProperties: true, description: 'Basic information about the cluster.' },
);
export type ClusterInfo = Static<typeof ClusterInfo>;
