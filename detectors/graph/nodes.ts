/**
 * Node ids of the knowledge graph, built in one place. Personal keys must already be pseudonym
 * tokens: a raw phone or ID number handed to a builder is refused, so it can never reach Redis.
 */
import { createHash } from 'node:crypto';
import { NonRetriableEventError } from '../../lib/errors.ts';
import { isPseudonym } from '../../schemas/pseudonym.ts';
import { NODE_KINDS, type NodeId, type NodeKind } from './types.ts';

function token(kind: string, value: string): string {
  if (!isPseudonym(value)) {
    throw new NonRetriableEventError(`graph ${kind} key is not a pseudonym token; pseudonymise events before they reach the graph`, kind);
  }
  return value;
}

export const personNode = (idToken: string): NodeId => `person:${token('person', idToken)}`;
export const phoneNode = (phoneToken: string): NodeId => `phone:${token('phone', phoneToken)}`;
export const accountNode = (accountToken: string): NodeId => `acct:${token('account', accountToken)}`;
export const enterpriseNode = (uscc: string): NodeId => `ent:${uscc}`;
export const deviceNode = (deviceId: string): NodeId => `device:${deviceId}`;
export const ipNode = (ip: string): NodeId => `ip:${ip}`;
export const applicationNode = (applicationId: string): NodeId => `app:${applicationId}`;
export const addressNode = (address: string): NodeId => `addr:${addressHash(address)}`;

/**
 * Normal form of a postal address, so spellings that differ only in width, case, spaces or
 * punctuation link: NFKC folds full-width characters (１号 → 1号), then whitespace and
 * punctuation are dropped.
 */
export function normaliseAddress(address: string): string {
  return address.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Short hash of the normalised address: keeps keys small and the address out of key names. */
export function addressHash(address: string): string {
  return createHash('sha256').update(normaliseAddress(address)).digest('hex').slice(0, 24);
}

/** Kind of a node id, or null when the prefix is unknown. */
export function kindOf(node: string): NodeKind | null {
  const i = node.indexOf(':');
  if (i <= 0) return null;
  const kind = node.slice(0, i);
  return (NODE_KINDS as readonly string[]).includes(kind) ? (kind as NodeKind) : null;
}

/** True for a well-formed node id. */
export function isNodeId(value: string): value is NodeId {
  return kindOf(value) !== null && value.indexOf(':') < value.length - 1;
}

/** The key after the kind prefix. */
export const keyOf = (node: NodeId): string => node.slice(node.indexOf(':') + 1);
