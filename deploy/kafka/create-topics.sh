#!/bin/bash
# Creates Fengkong's Kafka topics; run once by the kafka-init service of docker-compose.yml.
# Idempotent (--if-not-exists), so it is safe on every `docker compose up`.
#   TOPICS       every topic of schemas/topics.ts (test/compose.spec.ts keeps the lists in sync)
#   DLQ_TOPICS   <topic>.dlq for every input topic: invalid records, republished unchanged
# Dead-letter topics keep records for 30 days, so there is time to fix a producer and replay.
set -euo pipefail

: "${BOOTSTRAP_SERVERS:?}" "${TOPICS:?}" "${DLQ_TOPICS:?}"
PREFIX="${TOPIC_PREFIX:-}"
PARTITIONS="${TOPIC_PARTITIONS:-6}"
REPLICATION="${REPLICATION_FACTOR:-1}"
# With acks=all, a write needs this many in-sync replicas; 2 of 3 on a real cluster.
MIN_ISR="${MIN_INSYNC_REPLICAS:-1}"
WEEK_MS=$((7 * 24 * 3600 * 1000))
MONTH_MS=$((30 * 24 * 3600 * 1000))
KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh

create() {
  local topic="$1" partitions="$2" retention_ms="$3"
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "${PREFIX}${topic}" --partitions "$partitions" --replication-factor "$REPLICATION" \
    --config "retention.ms=${retention_ms}" --config "min.insync.replicas=${MIN_ISR}"
}

for topic in $TOPICS; do create "$topic" "$PARTITIONS" "$WEEK_MS"; done
# One partition: dead letters are rare, and one partition keeps them in arrival order for replay.
for topic in $DLQ_TOPICS; do create "$topic" 1 "$MONTH_MS"; done

echo "kafka-init: topics on ${BOOTSTRAP_SERVERS}:"
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP_SERVERS" --list
