/**
 * The super-node scenario of the done-criterion: a shared public IP with 100,000 application
 * edges (built in bulk, straight into the store), next to a small real neighbourhood — an
 * applicant whose device was also used by a confirmed-fraud application. Used by the memory
 * unit spec and the Redis integration spec alike.
 */
import { randomInt } from 'node:crypto';
import type { EventOf } from '../../schemas/topics.ts';
import { applyEvents } from './applyEvents.ts';
import type { GraphMutation } from './mutations.ts';
import { ipNode, personNode } from './nodes.ts';
import type { GraphStore } from './store.ts';
import { application, apps, label, labels, tok } from './testFixtures.ts';
import type { NodeId } from './types.ts';

export const SUPER_NODE_EDGES = 100_000;

export interface SuperNodeScenario {
  readonly hub: NodeId;
  readonly probe: EventOf<'applications'>;
  readonly probePerson: NodeId;
  readonly accomplice: NodeId;
  readonly fraudApp: NodeId;
}

export async function buildSuperNodeScenario(store: GraphStore, chunk = 10_000): Promise<SuperNodeScenario> {
  // A random public-looking IP and id prefix, so runs sharing one Redis never collide.
  const ip = `198.18.${randomInt(256)}.${randomInt(256)}`;
  const ns = `S${randomInt(1e9)}`;
  const hub = ipNode(ip);
  const time = Date.parse('2026-03-01T00:00:00.000Z');
  for (let start = 0; start < SUPER_NODE_EDGES; start += chunk) {
    const batch: GraphMutation[] = [];
    for (let i = start; i < Math.min(start + chunk, SUPER_NODE_EDGES); i++) {
      batch.push({ op: 'addEdge', from: `app:${ns}-bulk-${i}`, type: 'applied_with', to: hub, timeMs: time });
      batch.push({ op: 'recordUse', identifier: hub, role: 'person', member: `person:${ns}-bulk-${i}`, timeMs: time });
    }
    await store.apply(batch);
  }
  const fraud = application({ id: `${ns}-fraud`, person: `${ns}-q`, ent: 2, device: `${ns}-dev`, minute: 1 });
  const probe = application({ id: `${ns}-probe`, person: `${ns}-p`, ent: 1, device: `${ns}-dev`, ip, minute: 2 });
  await applyEvents(store, [...apps(fraud, probe), ...labels(label('fraud_confirmed', { applicationId: fraud.applicationId }))]);
  return {
    hub, probe, probePerson: personNode(tok(`id-${ns}-p`)), accomplice: personNode(tok(`id-${ns}-q`)), fraudApp: `app:${fraud.applicationId}`,
  };
}
