/**
 * Inconsistencies between an application and what the graph knows:
 * - the applicant's phone or the declared company phone is tied to OTHER enterprises (registered
 *   to them on the business registry, or declared on their applications);
 * - the declared company phone differs from the phone on the enterprise's registry record.
 */
import { applicationNodes } from './eventMutations.ts';
import type { GraphStore, UseListQuery } from './store.ts';
import type { NodeId } from './types.ts';
import type { EventOf } from '../../schemas/topics.ts';

export interface Inconsistencies {
  /** Distinct other enterprises tied to either phone (capped at the super-node threshold). */
  readonly phoneUnderOtherEnterprises: number;
  /** Up to `membersCap` of them. */
  readonly otherEnterprises: readonly NodeId[];
  /** A phone is tied to more enterprises than the threshold: the count is a lower bound. */
  readonly capped: boolean;
  /** The registry has a phone for the enterprise. */
  readonly registryPhoneKnown: boolean;
  /** Declared company phone ≠ registry phone (false when the registry phone is unknown). */
  readonly declaredPhoneMismatch: boolean;
  /** Registry phone node, when known (a pseudonymised `phone:` id). */
  readonly registryPhone: NodeId | null;
}

export interface InconsistencyOptions {
  readonly superNodeDegree: number;
  readonly membersCap: number;
}

/** Inconsistencies of many applications: one round trip. */
export async function inconsistenciesMany(
  store: GraphStore,
  apps: readonly EventOf<'applications'>[],
  options: InconsistencyOptions,
): Promise<Inconsistencies[]> {
  const nodes = apps.map(applicationNodes);
  const limit = options.superNodeDegree;
  const queries: UseListQuery[] = nodes.flatMap((n) => [n.phone, n.companyPhone].flatMap((phone) => [
    { identifier: phone, role: 'ent' as const, limit }, { identifier: phone, role: 'regent' as const, limit },
  ]));
  const [lists, props] = await Promise.all([store.listUses(queries), store.props(nodes.map((n) => n.ent))]);
  return nodes.map((n, i) => {
    const mine = lists.slice(i * 4, i * 4 + 4);
    const others = new Set<NodeId>();
    for (const list of mine) for (const ent of list.members) if (ent !== n.ent) others.add(ent);
    const capped = mine.some((l) => l.total > limit);
    const registryPhone = (props.get(n.ent)?.regPhone as NodeId | undefined) ?? null;
    return {
      phoneUnderOtherEnterprises: Math.min(others.size, limit),
      otherEnterprises: [...others].sort().slice(0, options.membersCap),
      capped,
      registryPhoneKnown: registryPhone !== null,
      declaredPhoneMismatch: registryPhone !== null && registryPhone !== n.companyPhone,
      registryPhone,
    };
  });
}

/** Inconsistencies of one application. */
export async function inconsistencies(store: GraphStore, app: EventOf<'applications'>, options: InconsistencyOptions): Promise<Inconsistencies> {
  const [one] = await inconsistenciesMany(store, [app], options);
  return one as Inconsistencies;
}
