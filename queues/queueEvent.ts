/**
 * The `alert-queue-events` topic, as the queue code uses it: every change of a queue alert, for
 * other systems (case management, CRM, the data warehouse) that follow the work on alerts. The
 * contract is in the topic registry (schemas/topics/queueEvent.ts, `TOPICS['alert-queue-events']`),
 * so it is documented in docs/contracts.md, exported as JSON Schema and validated like every
 * other topic. The key is the loan id (else the alert id), so one loan's changes stay in order.
 */
import { TOPICS } from '../schemas/topics.ts';
import { describeIssues, validateEvent } from '../schemas/validator.ts';

export { QueueEvent } from '../schemas/topics/queueEvent.ts';

export const QUEUE_EVENTS_TOPIC = TOPICS['alert-queue-events'].name;

/** Null when the event satisfies the contract, else what is wrong with it. */
export function queueEventProblem(event: unknown): string | null {
  const result = validateEvent('alert-queue-events', event);
  return result.ok ? null : describeIssues(result.issues);
}
