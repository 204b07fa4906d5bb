/**
 * Builds the population: people with resident IDs, mobiles and homes; enterprises with credit
 * codes, registry data, shareholders and officers; the legitimate sharing that makes graph
 * detection hard (serial entrepreneurs, spouses, business centres); guarantee pairs and circles;
 * and fraud rings with their shell companies and pooled identifiers.
 */
import {
  carrierIp, companyName, corporateAccount, deviceId, districtPrefix, enterpriseCode, mobile, personName,
  personalAccount, residentId, streetAddress,
} from './identity.ts';
import { DAY } from './time.ts';
import { BUSINESS_CENTRES, CITIES, INDUSTRIES, STREETS, type City, type Industry } from './vocab.ts';
import type { Rng } from './rng.ts';
import type { Counterparty, Enterprise, GrowthClass, Person, Ring, Shareholding, World } from './world.ts';

const round = (x: number, step: number): number => Math.max(step, Math.round(x / step) * step);

function pickCity(rng: Rng): City {
  return rng.weighted(CITIES.map((c) => [c, c.weight] as const));
}

function pickIndustry(rng: Rng, codes?: readonly string[]): Industry {
  const pool = codes ? INDUSTRIES.filter((i) => codes.includes(i.code)) : INDUSTRIES;
  return rng.weighted(pool.map((i) => [i, i.weight] as const));
}

/** A new person living in `city`, born between the given years. */
export function newPerson(world: World, rng: Rng, city: City, years: readonly [number, number] = [1962, 1998], male = rng.chance(0.7)): Person {
  const birth = new Date(Date.UTC(rng.int(years[0], years[1]), rng.int(0, 11), rng.int(1, 28)));
  const person: Person = {
    index: world.persons.length,
    idNumber: world.uniques.take('person_id', () => residentId(rng, city, birth, male)),
    name: personName(rng, male),
    phone: world.uniques.take('phone', () => mobile(rng)),
    male,
    city,
    homeAddress: streetAddress(rng, city),
    homeIp: world.uniques.take('ip', () => carrierIp(rng, city)),
    deviceId: world.uniques.take('device', () => deviceId(rng, 'phone')),
    personalAccount: world.uniques.take('account', () => personalAccount(rng)),
    spouse: null,
    roles: [],
  };
  world.persons.push(person);
  return person;
}

/** The spouse of `person`: same home address and home IP, and with some probability the same device. */
function newSpouse(world: World, rng: Rng, person: Person): Person {
  const spouse = newPerson(world, rng, person.city, [1965, 1998], !person.male);
  spouse.homeAddress = person.homeAddress;
  spouse.homeIp = person.homeIp;
  if (rng.chance(0.25)) spouse.deviceId = person.deviceId;
  spouse.spouse = person;
  person.spouse = spouse;
  return spouse;
}

function growthOf(rng: Rng, cls: GrowthClass): number {
  if (cls === 'growing') return rng.range(0.15, 0.5);
  if (cls === 'declining') return rng.range(-0.5, -0.15);
  return rng.range(-0.06, 0.06);
}

/** Integer percentages proportional to weights, summing to 100. */
function percentages(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const pcts = weights.map((w) => Math.max(1, Math.floor((w / total) * 100)));
  pcts[0] = (pcts[0] ?? 0) + 100 - pcts.reduce((a, b) => a + b, 0);
  return pcts;
}

interface EnterpriseSeed {
  city: City;
  industry: Industry;
  years: number;
  legalRep: Person;
  address: string;
  sharedOffice: string | null;
  phone: string;
  capital: number;
  growthClass: GrowthClass;
  baseSales: number;
  quality: number;
  bureau: number | null;
}

function makeEnterprise(world: World, rng: Rng, s: EnterpriseSeed): Enterprise {
  const e: Enterprise = {
    index: world.enterprises.length,
    id: world.uniques.take('uscc', () => enterpriseCode(rng, s.city, s.years < 10)),
    name: world.uniques.take('company', () => companyName(rng, s.city, s.industry)),
    city: s.city,
    industry: s.industry,
    address: s.address,
    phone: s.phone,
    capital: s.capital,
    yearsInBusiness: s.years,
    employees: Math.max(2, Math.round((s.baseSales * (1 - s.industry.purchaseRatio) * 0.45) / 7500)),
    sharedOffice: s.sharedOffice,
    legalRep: s.legalRep,
    shareholders: [],
    officers: [],
    related: new Set(),
    officeIp: world.uniques.take('ip', () => carrierIp(rng, s.city)),
    officeDevice: world.uniques.take('device', () => deviceId(rng, 'pc')),
    growthClass: s.growthClass,
    growth: growthOf(rng, s.growthClass),
    baseSales: s.baseSales,
    noiseSd: rng.range(0.05, 0.15),
    quality: s.quality,
    initialBureau: s.bureau,
    bureauChanges: [],
    settlementAccount: world.uniques.take('account', () => corporateAccount(rng)),
    customers: [],
    suppliers: [],
    fate: 'healthy',
    distress: null,
    noise: null,
    ringId: null,
    circleId: null,
    vanishMs: null,
    account: null,
    loans: [],
    adverse: [],
    emittedSignals: new Map(),
  };
  world.enterprises.push(e);
  return e;
}

/** Records that `person` holds a role in `e` and relates `e` to the person's other enterprises. */
function addRole(person: Person, e: Enterprise): void {
  for (const other of person.roles) {
    if (other !== e) {
      other.related.add(e);
      e.related.add(other);
    }
  }
  if (!person.roles.includes(e)) person.roles.push(e);
}

function bureauFor(rng: Rng, quality: number, years: number): number | null {
  if (rng.chance(years < 2 ? 0.5 : 0.04)) return null;
  return Math.round(Math.min(950, Math.max(300, 680 + 70 * quality + rng.normal(0, 25))));
}

/** Builds every person, enterprise, relationship and ring. */
export function buildPopulation(world: World): void {
  const { enterprises: n, params, startMs, days } = world.options;
  const rng = world.rng.derive('population');

  // Infrastructure many legitimate applicants share.
  for (let i = 0; i < 4; i++) world.shared.publicIps.push(`223.104.${rng.int(1, 254)}.${rng.int(1, 254)}`);
  for (const city of CITIES) {
    world.shared.branches.push({ device: `pos-${rng.hex(12)}`, ip: `202.96.${rng.int(1, 254)}.${rng.int(1, 254)}`, city });
  }
  world.shared.partner.device = `srv-${rng.hex(12)}`;
  world.shared.partner.ip = `47.96.${rng.int(1, 254)}.${rng.int(1, 254)}`;
  const officesByCity = new Map<City, string[]>();
  for (const city of CITIES) {
    const list = [0, 1].map(() => `${districtPrefix(city)}${rng.pick(STREETS)}${rng.int(1, 300)}号${rng.pick(BUSINESS_CENTRES)}`);
    officesByCity.set(city, list);
    world.shared.offices.push(...list);
  }

  // Ring sizes first: their shells count toward the population size.
  const ringCount = Math.max(n >= 100 ? 1 : 0, Math.round((n * params.ringsPer1000) / 1000));
  const ringSizes = Array.from({ length: ringCount }, () => rng.int(3, 8));
  const shellCount = ringSizes.reduce((a, b) => a + b, 0);
  const normalCount = n - shellCount;

  const byCity = new Map<City, Enterprise[]>();
  const legalRepsWithoutSpouse = new Map<City, Person[]>();
  for (let i = 0; i < normalCount; i++) {
    const city = pickCity(rng);
    const industry = pickIndustry(rng);
    const sameCity = byCity.get(city) ?? [];
    const years = Math.round(Math.min(30, Math.max(0.3, rng.lognormal(6, 0.7))) * 10) / 10;

    let legalRep: Person;
    const prior = sameCity.length > 0 && rng.chance(0.85) ? sameCity : world.enterprises;
    const singles = legalRepsWithoutSpouse.get(city) ?? [];
    if (prior.length > 0 && rng.chance(params.serialEntrepreneurShare)) {
      const other = rng.pick(prior);
      const holders = other.shareholders.flatMap((h) => (h.person ? [h.person] : []));
      legalRep = rng.chance(0.6) || holders.length === 0 ? other.legalRep : rng.pick(holders);
    } else if (singles.length > 0 && rng.chance(params.familyShare)) {
      const partner = singles.splice(rng.int(0, singles.length - 1), 1)[0] as Person;
      legalRep = newSpouse(world, rng, partner);
    } else {
      legalRep = newPerson(world, rng, city);
      if (!legalRep.spouse) singles.push(legalRep);
      legalRepsWithoutSpouse.set(city, singles);
    }

    const offices = officesByCity.get(city) ?? [];
    const sharedOffice = rng.chance(params.sharedOfficeShare) ? rng.pick(offices) : null;
    const growthClass = rng.weighted<GrowthClass>([['growing', params.growthMix[0]], ['stable', params.growthMix[1]], ['declining', params.growthMix[2]]]);
    const quality = rng.normal() + (growthClass === 'growing' ? 0.3 : growthClass === 'declining' ? -0.4 : 0);
    const e = makeEnterprise(world, rng, {
      city, industry, years, legalRep,
      address: sharedOffice ?? world.uniques.take('address', () => streetAddress(rng, city)),
      sharedOffice,
      // Tiny firms often register the owner's own mobile as the company phone (legitimate sharing).
      phone: rng.chance(0.25) ? legalRep.phone : world.uniques.take('phone', () => mobile(rng)),
      capital: round(rng.lognormal(1_000_000, 0.9), 10_000),
      growthClass,
      baseSales: industry.medianSales * rng.lognormal(1, 0.7) * (years < 2 ? 0.5 : 1),
      quality,
      bureau: bureauFor(rng, quality, years),
    });
    addRole(legalRep, e);

    // Shareholders: usually the legal representative, sometimes a spouse, partner or holding company.
    const holders: Array<{ person: Person | null; enterprise: Enterprise | null; weight: number }> = [];
    if (rng.chance(0.92)) holders.push({ person: legalRep, enterprise: null, weight: rng.range(2, 6) });
    const others = rng.weighted([[0, 0.5], [1, 0.35], [2, 0.15]] as const) + (holders.length === 0 ? 1 : 0);
    for (let k = 0; k < others; k++) {
      let p: Person;
      if (legalRep.spouse && k === 0 && rng.chance(0.5)) p = legalRep.spouse;
      else if (world.persons.length > 10 && rng.chance(0.15)) p = rng.pick(world.persons);
      else p = newPerson(world, rng, city);
      if (!holders.some((h) => h.person === p)) holders.push({ person: p, enterprise: null, weight: rng.range(0.5, 3) });
    }
    if (prior.length > 0 && rng.chance(params.holdingShareholderShare)) {
      const parent = rng.pick(prior);
      if (parent !== e) holders.push({ person: null, enterprise: parent, weight: rng.range(1, 4) });
    }
    const pcts = percentages(holders.map((h) => h.weight));
    holders.forEach((h, k) => {
      const holding: Shareholding = { person: h.person, enterprise: h.enterprise, pct: pcts[k] ?? 0 };
      e.shareholders.push(holding);
      if (h.person) addRole(h.person, e);
      if (h.enterprise) {
        h.enterprise.related.add(e);
        e.related.add(h.enterprise);
      }
    });

    // Officers: an LLC has a supervisor; some hire a manager.
    const coHolders = e.shareholders.flatMap((h) => (h.person && h.person !== legalRep ? [h.person] : []));
    const supervisor = coHolders.length > 0 && rng.chance(0.6) ? rng.pick(coHolders) : newPerson(world, rng, city);
    e.officers.push({ person: supervisor, role: 'supervisor' });
    addRole(supervisor, e);
    if (rng.chance(0.35)) {
      const manager = newPerson(world, rng, city);
      e.officers.push({ person: manager, role: 'manager' });
      addRole(manager, e);
    }
    sameCity.push(e);
    byCity.set(city, sameCity);
  }

  // Fraud rings: members with pooled phones, devices, IPs and addresses, each fronting a shell.
  ringSizes.forEach((size, r) => {
    const ringRng = rng.derive('ring', r);
    const city = pickCity(ringRng);
    const ring: Ring = {
      id: r + 1,
      members: [],
      shells: [],
      phones: Array.from({ length: ringRng.int(1, 2) }, () => world.uniques.take('phone', () => mobile(ringRng))),
      companyPhone: world.uniques.take('phone', () => mobile(ringRng)),
      devices: Array.from({ length: ringRng.int(1, 3) }, () => world.uniques.take('device', () => deviceId(ringRng, ringRng.chance(0.5) ? 'pc' : 'phone'))),
      ips: Array.from({ length: ringRng.int(1, 2) }, () => world.uniques.take('ip', () => carrierIp(ringRng, city))),
      addresses: Array.from({ length: ringRng.int(1, 2) }, () => world.uniques.take('address', () => streetAddress(ringRng, city))),
      muleAccounts: Array.from({ length: ringRng.int(2, 3) }, () => ({
        name: personName(ringRng, ringRng.chance(0.6)),
        account: world.uniques.take('account', () => personalAccount(ringRng)),
        enterpriseId: null,
      })),
      burstMs: startMs + Math.floor(ringRng.range(0, Math.max(1, days - 7))) * DAY,
      applications: [],
    };
    for (let k = 0; k < size; k++) {
      const member = newPerson(world, ringRng, city, [1975, 2002]);
      ring.members.push(member);
      const industry = pickIndustry(ringRng, ['F51', 'F52', 'I65']);
      const years = Math.round(ringRng.range(0.2, 1.5) * 10) / 10;
      const shell = makeEnterprise(world, ringRng, {
        city, industry, years, legalRep: member,
        address: ringRng.chance(0.7) ? ringRng.pick(ring.addresses) : world.uniques.take('address', () => streetAddress(ringRng, city)),
        sharedOffice: null,
        phone: ringRng.chance(0.4) ? ring.companyPhone : world.uniques.take('phone', () => mobile(ringRng)),
        // Shells subscribe large capital they never pay in.
        capital: round(ringRng.lognormal(3_000_000, 0.6), 100_000),
        growthClass: 'stable',
        baseSales: ringRng.range(20_000, 120_000),
        quality: -1,
        bureau: ringRng.chance(0.6) ? null : ringRng.int(520, 640),
      });
      shell.fate = 'shell';
      shell.ringId = ring.id;
      addRole(member, shell);
      const partner = k > 0 && ringRng.chance(0.3) ? ringRng.pick(ring.members.slice(0, k)) : null;
      shell.shareholders.push({ person: member, enterprise: null, pct: partner ? 70 : 100 });
      if (partner) {
        shell.shareholders.push({ person: partner, enterprise: null, pct: 30 });
        addRole(partner, shell);
      }
      const supervisor = k > 0 && ringRng.chance(0.5) ? ringRng.pick(ring.members.slice(0, k)) : newPerson(world, ringRng, city, [1975, 2002]);
      shell.officers.push({ person: supervisor, role: 'supervisor' });
      addRole(supervisor, shell);
      ring.shells.push(shell);
    }
    world.rings.push(ring);
  });

  // Trading partners: some are other enterprises of the population, a few are related (group trade).
  const all = world.enterprises;
  for (const e of all) {
    const cpRng = rng.derive('counterparties', e.index);
    const make = (): Counterparty => {
      if (cpRng.chance(0.3)) {
        const other = cpRng.pick(all);
        if (other !== e && other.fate !== 'shell') return { name: other.name, account: other.settlementAccount, enterpriseId: other.id };
      }
      const city = pickCity(cpRng);
      return { name: companyName(cpRng, city, pickIndustry(cpRng)), account: corporateAccount(cpRng), enterpriseId: null };
    };
    e.customers = Array.from({ length: e.fate === 'shell' ? 2 : cpRng.int(4, 14) }, make);
    e.suppliers = Array.from({ length: e.fate === 'shell' ? 2 : cpRng.int(3, 10) }, make);
    const related = [...e.related].filter((r) => r.fate !== 'shell');
    if (related.length > 0 && e.fate !== 'shell' && cpRng.chance(0.2)) {
      const r = cpRng.pick(related);
      (cpRng.chance(0.5) ? e.customers : e.suppliers).push({ name: r.name, account: r.settlementAccount, enterpriseId: r.id });
    }
  }

  // Guarantee circles (担保圈) and plain guarantees, within a city as they are in practice.
  const free = rng.shuffle(all.filter((e) => e.fate !== 'shell'));
  let toCircle = Math.round(n * params.guaranteeCircleShare);
  while (toCircle >= 3 && free.length >= 5) {
    const head = free.pop() as Enterprise;
    const size = Math.min(rng.int(3, 5), toCircle);
    const circle = [head];
    for (let k = free.length - 1; k >= 0 && circle.length < size; k--) {
      if (free[k]?.city === head.city) circle.push(...free.splice(k, 1));
    }
    if (circle.length < 3) continue;
    const circleId = world.circles.length + 1;
    for (const e of circle) e.circleId = circleId;
    world.circles.push(circle);
    toCircle -= circle.length;
  }
  const pairs = Math.round(n * params.guaranteePairShare);
  for (let k = 0; k < pairs && free.length >= 2; k++) {
    const a = free.pop() as Enterprise;
    const b = free.pop() as Enterprise;
    world.guaranteePairs.push([a, b]);
  }
}
