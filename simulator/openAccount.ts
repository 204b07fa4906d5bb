/** Opening an account for an enterprise (its own operating account, or one an impersonator opens in its name). */
import { corporateAccount } from './identity.ts';
import type { Account, Enterprise, World } from './world.ts';

export function openAccount(world: World, e: Enterprise, openedMs: number, kind: Account['kind'] = 'own'): Account {
  const rng = world.rng.derive('account-number', world.accounts.length);
  const account: Account = {
    index: world.accounts.length,
    number: world.uniques.take('account', () => corporateAccount(rng)),
    enterprise: e,
    openedMs,
    kind,
    scheduled: [],
  };
  world.accounts.push(account);
  if (kind === 'own') e.account = account;
  return account;
}
