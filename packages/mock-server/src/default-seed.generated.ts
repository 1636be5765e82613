// Generated from seeds/default.json by `pnpm --filter @mldeploy/mock-server gen`: edit the JSON, not this file.
import type { SeedDocument } from './seed-schema.js';

/** The built-in seed (seeds/default.json) as data; `defaultSeed()` hands out copies. */
export const DEFAULT_SEED: SeedDocument = {
  "cluster": {
    "name": "mldeploy-mock",
    "version": "9.4.0",
    "scaling_possible": false,
    "converge_ms": 3000,
    "scaler_interval_ms": 10000
  },
  "nodes": [
    {
      "id": "f_r7TSMFTZORrEA-7ccBdQ",
      "name": "ml-node-1",
      "processors": 8,
      "memory_bytes": 17179869184,
      "zone": "zone-a"
    },
    {
      "id": "uckeG3R8TLe2MMNBQ6AGrw",
      "name": "ml-node-2",
      "processors": 8,
      "memory_bytes": 17179869184,
      "zone": "zone-b"
    }
  ],
  "models": [
    {
      "model_id": "elastic__distilbert-base-uncased-finetuned-conll03-english",
      "model_size_bytes": 265632637,
      "model_type": "pytorch",
      "description": "Named entity recognition (CoNLL-2003), imported with eland",
      "tags": [],
      "created_by": "api_user",
      "create_time": 1667387352015,
      "input": {
        "field_names": [
          "text_field"
        ]
      },
      "inference_config": {
        "ner": {
          "classification_labels": [
            "O",
            "B_MISC",
            "I_MISC",
            "B_PER",
            "I_PER",
            "B_ORG",
            "I_ORG",
            "B_LOC",
            "I_LOC"
          ]
        }
      }
    },
    {
      "model_id": ".elser_model_2",
      "model_size_bytes": 438123914,
      "model_type": "pytorch",
      "description": "Elastic Learned Sparse EncodeR v2",
      "tags": [
        "elastic"
      ],
      "created_by": "_xpack",
      "create_time": 1698158240111,
      "input": {
        "field_names": [
          "text_field"
        ]
      },
      "inference_config": {
        "text_expansion": {}
      }
    }
  ],
  "deployments": [
    {
      "deployment_id": "elastic__distilbert-base-uncased-finetuned-conll03-english",
      "model_id": "elastic__distilbert-base-uncased-finetuned-conll03-english",
      "number_of_allocations": 1,
      "threads_per_allocation": 1,
      "priority": "normal",
      "queue_capacity": 10000,
      "cache_size": "265632637b",
      "adaptive_allocations": null,
      "state": "started",
      "start_time": "2026-11-01T09:30:00.000Z"
    }
  ],
  "inference_endpoints": [
    {
      "inference_id": ".elser-2-elasticsearch",
      "task_type": "sparse_embedding",
      "service": "elasticsearch",
      "service_settings": {
        "num_threads": 1,
        "model_id": ".elser_model_2",
        "adaptive_allocations": {
          "enabled": true,
          "min_number_of_allocations": 0,
          "max_number_of_allocations": 32
        }
      }
    }
  ],
  "security": {
    "enabled": false,
    "users": [],
    "api_keys": []
  }
};
