/**
 * Identifier sharing: how many OTHER applicants used the applicant's phone, device, IP, address
 * or declared company phone within a window. Each identifier keeps ZSETs of the persons and the
 * enterprises that used it, scored by their latest use; a count is a ZCOUNT over the window
 * minus the applicant's own person and enterprise.
 *
 * "Other applicants" is max(other persons, other enterprises): one person fronting ten shell
 * companies from one device counts 9, as do ten people applying for one company, and an
 * independent applicant (new person, new enterprise) counts once, not twice.
 */
import { applicationNodes, type ApplicationNodes } from './eventMutations.ts';
import type { GraphStore, UseCountQuery } from './store.ts';
import type { NodeId } from './types.ts';
import type { EventOf } from '../../schemas/topics.ts';

export const SHARED_IDENTIFIERS = ['phone', 'device', 'ip', 'addr', 'companyPhone'] as const;
export type SharedIdentifier = (typeof SHARED_IDENTIFIERS)[number];

export interface SharedCount {
  readonly identifier: NodeId;
  /** Other persons that used it in the window. */
  readonly persons: number;
  /** Other enterprises that used it in the window. */
  readonly enterprises: number;
  /** max(persons, enterprises), capped at the super-node threshold. */
  readonly applicants: number;
  /** The identifier is a super-node (a shared public IP, an agent's address): the count is capped. */
  readonly capped: boolean;
}

export type SharedIdentifierCounts = Readonly<Record<SharedIdentifier, SharedCount>>;

export interface SharedCountOptions {
  readonly windowMs: number;
  /** Counts above this are reported capped at it. */
  readonly superNodeDegree: number;
  /** End of the window; default the application's event time (a replay sees what was known then). */
  readonly asOfMs?: number;
}

/** Shared-identifier counts of many applications in one round trip. */
export async function sharedIdentifierCountsMany(
  store: GraphStore,
  apps: readonly EventOf<'applications'>[],
  options: SharedCountOptions,
): Promise<SharedIdentifierCounts[]> {
  const nodes = apps.map(applicationNodes);
  const queries: UseCountQuery[] = [];
  for (const n of nodes) {
    const toMs = options.asOfMs ?? n.timeMs;
    const fromMs = toMs - options.windowMs;
    for (const key of SHARED_IDENTIFIERS) {
      const identifier = n[key];
      queries.push({ identifier, role: 'person', fromMs, toMs, exclude: [n.person] });
      queries.push({ identifier, role: 'ent', fromMs, toMs, exclude: [n.ent] });
    }
  }
  const counts = await store.countUses(queries);
  return nodes.map((n, a) => {
    const entries = SHARED_IDENTIFIERS.map((key, k) => {
      const base = (a * SHARED_IDENTIFIERS.length + k) * 2;
      return [key, shareOf(n, key, counts[base] ?? 0, counts[base + 1] ?? 0, options.superNodeDegree)] as const;
    });
    return Object.fromEntries(entries) as Record<SharedIdentifier, SharedCount>;
  });
}

function shareOf(n: ApplicationNodes, key: SharedIdentifier, persons: number, enterprises: number, cap: number): SharedCount {
  // For the company phone what matters is other firms claiming the same number.
  const raw = key === 'companyPhone' ? enterprises : Math.max(persons, enterprises);
  return {
    identifier: n[key],
    persons: Math.min(persons, cap),
    enterprises: Math.min(enterprises, cap),
    applicants: Math.min(raw, cap),
    capped: raw > cap,
  };
}

/** Shared-identifier counts of one application. */
export async function sharedIdentifierCounts(
  store: GraphStore,
  app: EventOf<'applications'>,
  options: SharedCountOptions,
): Promise<SharedIdentifierCounts> {
  const [one] = await sharedIdentifierCountsMany(store, [app], options);
  return one as SharedIdentifierCounts;
}
