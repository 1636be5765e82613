/**
 * Response examples from Elasticsearch's own material (the assignment's toXContent order, the old update docs, and
 * the CI log quoted in elastic/elasticsearch#97493), written out as JSON text as the server sends it.
 */
export const officialUpdateResponseExamples: Array<{ source: string; json: string }> = [
  {
    source: 'TrainedModelAssignment.toXContent: the shape of a current server [inferred]',
    json: `{
  "assignment": {
    "task_parameters": {
      "model_id": "my-model", "deployment_id": "my-model", "model_bytes": 1630,
      "threads_per_allocation": 1, "number_of_allocations": 2, "queue_capacity": 10000,
      "cache_size": "1630b", "priority": "normal",
      "per_deployment_memory_bytes": 0, "per_allocation_memory_bytes": 0
    },
    "routing_table": {
      "f_r7TSMFTZORrEA-7ccBdQ": { "current_allocations": 1, "target_allocations": 2, "routing_state": "started", "reason": "" }
    },
    "assignment_state": "started",
    "start_time": "2023-07-09T14:44:34.875719976Z",
    "max_assigned_allocations": 1,
    "adaptive_allocations": null
  }
}`,
  },
  {
    source:
      'modelled on the 8.6 beta docs example response (update-trained-model-deployment.asciidoc; ids and sizes from the seed example)',
    json: `{
  "assignment": {
    "task_parameters": {
      "model_id": "elastic__distilbert-base-uncased-finetuned-conll03-english",
      "deployment_id": "elastic__distilbert-base-uncased-finetuned-conll03-english",
      "model_bytes": 265632637,
      "threads_per_allocation": 1,
      "number_of_allocations": 4,
      "queue_capacity": 1024,
      "priority": "normal",
      "per_deployment_memory_bytes": 0,
      "per_allocation_memory_bytes": 0
    },
    "routing_table": {
      "uckeG3R8TLe2MMNBQ6AGrw": {
        "current_allocations": 1,
        "target_allocations": 4,
        "routing_state": "started",
        "reason": ""
      }
    },
    "assignment_state": "started",
    "start_time": "2022-11-02T11:50:34.766591Z",
    "max_assigned_allocations": 1
  }
}`,
  },
  {
    source: 'elastic/elasticsearch#97493 CI log: cache_size, queue 1024, empty route reason',
    json: `{"assignment":{"task_parameters":{"model_id":"test_model","deployment_id":"test_model","model_bytes":1630,"threads_per_allocation":1,"number_of_allocations":42,"queue_capacity":1024,"cache_size":"1630b","priority":"normal","per_deployment_memory_bytes":0,"per_allocation_memory_bytes":0},"routing_table":{"0pv0PbWXSNCuVCdB7W0aVQ":{"current_allocations":1,"target_allocations":2,"routing_state":"started","reason":""}},"assignment_state":"started","start_time":"2023-07-09T14:44:34.875719976Z","max_assigned_allocations":2,"adaptive_allocations":null}}`,
  },
  {
    source: 'an adaptive deployment as 8.16+ writes it',
    json: `{"assignment":{"task_parameters":{"model_id":".elser_model_2","deployment_id":"elser_ingest","model_bytes":438123914,"threads_per_allocation":1,"number_of_allocations":1,"queue_capacity":10000,"cache_size":"438123914b","priority":"normal","per_deployment_memory_bytes":0,"per_allocation_memory_bytes":0},"routing_table":{"n1":{"current_allocations":1,"target_allocations":1,"routing_state":"started"}},"assignment_state":"started","start_time":"2025-01-10T08:00:00.123Z","max_assigned_allocations":1,"adaptive_allocations":{"enabled":true,"min_number_of_allocations":0,"max_number_of_allocations":8}}}`,
  },
];

/** The request example of the official specification, which its OpenAPI output ships as a JSON *string*. */
export const officialUpdateRequestExample = '{\n  "number_of_allocations": 4\n}';
