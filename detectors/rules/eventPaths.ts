/**
 * Checks `event.*` paths in conditions against the topic contracts, so a misspelt field
 * (`event.identity.livenesPassed`) is a load error instead of a rule that silently never fires.
 */
import type { TSchema } from '@sinclair/typebox';
import { TOPICS, type TopicName } from '../../schemas/topics.ts';

type Segment = string | number;

interface SchemaLike {
  type?: unknown;
  properties?: Record<string, SchemaLike>;
  patternProperties?: Record<string, SchemaLike>;
  additionalProperties?: unknown;
  items?: SchemaLike;
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
}

function hasPath(schema: SchemaLike, path: readonly Segment[]): boolean {
  if (path.length === 0) return true;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.some((s) => hasPath(s, path));
  const [head, ...rest] = path;
  if (schema.type === 'object') {
    if (typeof head !== 'string') return false;
    const prop = schema.properties?.[head];
    if (prop) return hasPath(prop, rest);
    // A record (free-form keys) accepts any key; its values are not checked further.
    if (schema.patternProperties) return true;
    return typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null;
  }
  if (schema.type === 'array') return typeof head === 'number' && schema.items !== undefined && hasPath(schema.items, rest);
  return false;
}

/** True when at least one of the topics' contracts has the field at `path` (below `event`). */
export function eventPathExists(topics: readonly TopicName[], path: readonly Segment[]): boolean {
  return topics.some((t) => hasPath(TOPICS[t].schema as TSchema as SchemaLike, path));
}
