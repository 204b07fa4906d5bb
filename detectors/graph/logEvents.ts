/** Log event names of the knowledge graph, one place (kafkajs instrumentationEvents style). */
export const GRAPH_LOG = {
  redisError: 'graph.redis_error',
} as const;
