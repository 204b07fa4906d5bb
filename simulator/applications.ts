/**
 * Loan applications within the window: legitimate ones (with the sharing real customers show:
 * branch terminals, a partner's server, carrier NAT, family devices, owners' phones as company
 * phones), fraud-ring applications with pooled identifiers and weak identity checks, impersonation
 * of real enterprises, and bust-out applications from clean customers. A legacy approval rule
 * decides which become loans; fraud loans are cashed out within hours.
 */
import { openAccount } from './openAccount.ts';
import { bureauScoreAt } from './bureau.ts';
import { carrierIp, deviceId, mobile, personName, personalAccount, streetAddress, companyName } from './identity.ts';
import { createLoan, loanSize, termOptions } from './loans.ts';
import { newPerson } from './population.ts';
import type { Rng } from './rng.ts';
import type { SalesModel } from './sales.ts';
import { atCst, DAY, dayFloor, HOUR, MINUTE } from './time.ts';
import { CITIES } from './vocab.ts';
import type { Account, Application, Counterparty, Enterprise, FraudType, Person, Ring, World } from './world.ts';

const round10k = (x: number): number => Math.max(50_000, Math.round(x / 10_000) * 10_000);
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

interface Identity {
  faceMatchScore: number;
  livenessPassed: boolean;
  smsVerified: boolean;
  captchaPassed: boolean;
  idDocumentValid: boolean;
}

/** Identity checks of a genuine applicant: mostly clean, with the occasional bad photo or missed SMS. */
function genuineIdentity(rng: Rng): Identity {
  return {
    faceMatchScore: Math.round(clamp01(rng.chance(0.05) ? rng.range(0.55, 0.8) : rng.normal(0.93, 0.035)) * 1000) / 1000,
    livenessPassed: !rng.chance(0.03),
    smsVerified: !rng.chance(0.02),
    captchaPassed: !rng.chance(0.03),
    idDocumentValid: !rng.chance(0.01),
  };
}

/** Identity checks of a fraudster: fail more often, but far from always. */
function fraudIdentity(rng: Rng, kind: 'ring' | 'identity'): Identity {
  return {
    faceMatchScore: Math.round((kind === 'identity' ? rng.range(0.3, 0.85) : rng.range(0.45, 0.97)) * 1000) / 1000,
    livenessPassed: !rng.chance(kind === 'identity' ? 0.4 : 0.25),
    smsVerified: !rng.chance(0.1),
    captchaPassed: !rng.chance(0.15),
    idDocumentValid: kind === 'identity' ? !rng.chance(0.05) : !rng.chance(0.2),
  };
}

const checksFailed = (id: Identity): boolean => !id.idDocumentValid || !id.livenessPassed || !id.smsVerified || !id.captchaPassed || id.faceMatchScore < 0.7;

/** The bank's pre-existing approval rule (what the platform is meant to improve on). */
function legacyApproval(rng: Rng, id: Identity, bureau: number | null): boolean {
  const ok = id.idDocumentValid && id.livenessPassed && id.faceMatchScore >= 0.7 && (bureau === null ? rng.chance(0.5) : bureau >= 560 || rng.chance(0.25));
  return ok ? rng.chance(0.88) : rng.chance(0.08);
}

interface Draft {
  enterprise: Enterprise;
  ms: number;
  applicant: Person;
  applicantName: string;
  applicantIdNumber: string;
  role: 'legal_rep' | 'shareholder' | 'officer' | 'employee';
  phone: string;
  companyPhone: string;
  address: string;
  channel: 'app' | 'web' | 'branch' | 'partner_api';
  device: string;
  ip: string;
  identity: Identity;
  product: 'working_capital' | 'invoice_financing' | 'term_loan';
  amount: number;
  term: number;
  declaredRevenue: number;
  fraudType: FraudType | null;
  ringId: number | null;
  forceApprove?: boolean;
}

export class ApplicationStage {
  readonly #rng: Rng;

  constructor(readonly world: World, readonly sales: SalesModel) {
    this.#rng = world.rng.derive('applications');
  }

  run(): void {
    this.legitimate();
    this.rings();
    this.impersonations();
    this.bustOuts();
  }

  /** A random business-hours instant on a day in the window (or from a given day). */
  #businessTime(rng: Rng, fromMs = this.world.options.startMs, toMs = this.world.options.endMs): number {
    const day = dayFloor(fromMs) + Math.floor(rng.range(0, Math.max(1, (toMs - fromMs) / DAY))) * DAY;
    return atCst(day, rng.range(8.5, 21.5));
  }

  legitimate(): void {
    const { params, days } = this.world.options;
    for (const e of this.world.enterprises) {
      if (e.fate === 'shell' || e.fate === 'bust_out') continue;
      const rng = this.#rng.derive('legit', e.index);
      // Thinning: distressed firms apply 1.5 times as often once trouble starts (looking for liquidity).
      const candidates = rng.poisson(params.applicationRatePerDay * 1.5 * days);
      for (let c = 0; c < candidates; c++) {
        const ms = this.#businessTime(rng);
        const distressed = e.distress !== null && ms >= e.distress.onsetMs;
        if (!distressed && !rng.chance(1 / 1.5)) continue;
        this.#submit(this.#legitDraft(rng, e, ms, null), rng);
      }
    }
  }

  #legitDraft(rng: Rng, e: Enterprise, ms: number, fraudType: FraudType | null): Draft {
    const coHolders = e.shareholders.flatMap((h) => (h.person && h.person !== e.legalRep ? [h.person] : []));
    const role = rng.weighted<Draft['role']>([['legal_rep', 0.75], ['shareholder', coHolders.length > 0 ? 0.12 : 0], ['officer', 0.08], ['employee', 0.05]]);
    const applicant =
      role === 'legal_rep' ? e.legalRep
        : role === 'shareholder' ? rng.pick(coHolders)
          : role === 'officer' ? (rng.pick(e.officers)?.person ?? e.legalRep)
            : newPerson(this.world, rng, e.city, [1980, 2003]);
    const channel = rng.weighted<Draft['channel']>([['app', 0.45], ['web', 0.25], ['branch', 0.2], ['partner_api', 0.1]]);
    const shared = this.world.shared;
    let device: string;
    let ip: string;
    if (channel === 'app') {
      device = applicant.deviceId;
      ip = rng.chance(0.35) ? rng.pick(shared.publicIps) : rng.chance(0.6) ? applicant.homeIp : e.officeIp;
    } else if (channel === 'web') {
      device = rng.chance(0.7) ? e.officeDevice : applicant.deviceId;
      ip = rng.chance(0.7) ? e.officeIp : applicant.homeIp;
    } else if (channel === 'branch') {
      const branch = shared.branches.find((b) => b.city === e.city) ?? rng.pick(shared.branches);
      device = branch.device;
      ip = branch.ip;
    } else {
      device = shared.partner.device;
      ip = shared.partner.ip;
    }
    const product = rng.weighted(e.industry.products);
    const term = rng.weighted(termOptions(product));
    const yearly = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].reduce((s, k) => s + this.sales.potential(e, ms - k * 30 * DAY), 0);
    return {
      enterprise: e, ms, applicant, applicantName: applicant.name, applicantIdNumber: applicant.idNumber, role,
      phone: applicant.phone,
      companyPhone: rng.chance(0.9) ? e.phone : applicant.phone,
      address: rng.chance(0.85) ? e.address : applicant.homeAddress,
      channel, device, ip,
      identity: genuineIdentity(rng),
      product,
      amount: loanSize(this.sales.potential(e, ms) * rng.range(0.3, 1), term),
      term,
      declaredRevenue: round10k(yearly * rng.lognormal(1.05, 0.1)),
      fraudType, ringId: null,
    };
  }

  rings(): void {
    for (const ring of this.world.rings) {
      const rng = this.#rng.derive('ring', ring.id);
      ring.members.forEach((member, k) => {
        const shell = ring.shells[k] as Enterprise;
        const ms = atCst(ring.burstMs + rng.int(0, 21) * DAY, rng.chance(0.3) ? rng.range(21, 25.5) : rng.range(9, 21));
        // The first two members always declare the ring's company phone: one phone under different company names.
        const pooled = { phone: rng.chance(0.5), device: rng.chance(0.7), ip: rng.chance(0.6), address: rng.chance(0.6), companyPhone: k < 2 || rng.chance(0.6) };
        // Every member after the first shares at least one identifier with the ring.
        if (k > 0 && !Object.values(pooled).some(Boolean) && shell.phone !== ring.companyPhone && !ring.addresses.includes(shell.address)) pooled.device = true;
        const draft: Draft = {
          enterprise: shell, ms, applicant: member, applicantName: member.name, applicantIdNumber: member.idNumber, role: 'legal_rep',
          phone: pooled.phone ? rng.pick(ring.phones) : member.phone,
          companyPhone: pooled.companyPhone ? ring.companyPhone : shell.phone,
          address: pooled.address ? rng.pick(ring.addresses) : shell.address,
          channel: rng.chance(0.6) ? 'app' : 'web',
          device: pooled.device ? rng.pick(ring.devices) : member.deviceId,
          ip: pooled.ip ? rng.pick(ring.ips) : member.homeIp,
          identity: fraudIdentity(rng, 'ring'),
          product: 'working_capital',
          amount: round10k(rng.range(300_000, 1_500_000)),
          term: rng.chance(0.5) ? 12 : 24,
          // Declared revenue far above what the invoices show.
          declaredRevenue: round10k(shell.baseSales * 12 * rng.range(3, 10)),
          fraudType: 'ring', ringId: ring.id,
        };
        const app = this.#submit(draft, rng);
        if (app) ring.applications.push(app);
      });
    }
  }

  impersonations(): void {
    const { params, days, enterprises } = this.world.options;
    const rng = this.#rng.derive('identity');
    const count = rng.poisson(((enterprises * params.identityFraudPer1000Per90d) / 1000) * (days / 90));
    const victims = this.world.enterprises.filter((e) => e.fate === 'healthy');
    for (let i = 0; i < count && victims.length > 0; i++) {
      const victim = rng.pick(victims);
      const ms = this.#businessTime(rng);
      const city = rng.pick(CITIES);
      const fraudsterPhone = this.world.uniques.take('phone', () => mobile(rng));
      const draft = this.#legitDraft(rng, victim, ms, 'identity');
      this.#submit({
        ...draft,
        // The impersonator knows the legal representative's name and ID number, not their phone or device.
        applicant: victim.legalRep, applicantName: victim.legalRep.name, applicantIdNumber: victim.legalRep.idNumber, role: 'legal_rep',
        phone: fraudsterPhone,
        companyPhone: rng.chance(0.7) ? fraudsterPhone : this.world.uniques.take('phone', () => mobile(rng)),
        address: rng.chance(0.5) ? victim.address : streetAddress(rng, city),
        channel: 'app',
        device: this.world.uniques.take('device', () => deviceId(rng, 'phone')),
        ip: rng.chance(0.3) ? rng.pick(this.world.shared.publicIps) : carrierIp(rng, city),
        identity: fraudIdentity(rng, 'identity'),
        amount: round10k(draft.amount * rng.range(1.2, 2)),
      }, rng);
    }
  }

  bustOuts(): void {
    const { days, startMs } = this.world.options;
    for (const e of this.world.enterprises) {
      if (e.fate !== 'bust_out') continue;
      const rng = this.#rng.derive('bust-out', e.index);
      const ms = atCst(startMs + rng.int(1, Math.max(2, Math.floor(days * 0.45))) * DAY, rng.range(9, 17));
      const draft = this.#legitDraft(rng, e, ms, 'bust_out');
      this.#submit({
        ...draft,
        role: 'legal_rep', applicant: e.legalRep, applicantName: e.legalRep.name, applicantIdNumber: e.legalRep.idNumber, phone: e.legalRep.phone,
        identity: genuineIdentity(rng),
        product: 'working_capital', term: rng.chance(0.5) ? 12 : 24,
        // Maxing out: far more than this customer ever borrowed.
        amount: round10k(this.sales.potential(e, ms) * rng.range(3, 6)),
        forceApprove: true,
      }, rng);
    }
  }

  /**
   * The originator, from what the draft already decided (no random draw, so adding it changed no
   * other value of a simulation): a branch application is the branch's, by the branch terminal
   * it was keyed on; a partner-API one the partner's; app and web ones the bank's online channel.
   */
  #originatorOf(d: Draft): string {
    if (d.channel === 'branch') {
      const branch = this.world.shared.branches.find((b) => b.device === d.device);
      return branch ? `branch-${branch.city.division}` : 'branch-unknown';
    }
    return d.channel === 'partner_api' ? 'partner-api-1' : 'direct-online';
  }

  /** Emits the application, applies the approval rule and opens the loan (and the fraud cash-out). */
  #submit(d: Draft, rng: Rng): Application | null {
    const world = this.world;
    const e = d.enterprise;
    const bureau = bureauScoreAt(e, d.ms);
    const app: Application = {
      index: world.applications.length,
      id: `${world.emitter.runId}-A${world.applications.length + 1}`,
      enterprise: e, ms: d.ms, fraudType: d.fraudType, ringId: d.ringId, applicant: d.applicant,
      requestedAmount: d.amount, termMonths: d.term, product: d.product, originatorId: this.#originatorOf(d),
      approved: false, loan: null, eventId: null,
      legitFailedChecks: d.fraudType === null && checksFailed(d.identity),
      identifiers: { phone: d.phone, deviceId: d.device, ip: d.ip, address: d.address, companyPhone: d.companyPhone },
    };
    app.eventId = world.emitter.emit('applications', d.ms, {
      applicationId: app.id, enterpriseId: e.id, enterpriseName: e.name,
      applicant: { name: d.applicantName, idNumber: d.applicantIdNumber, phone: d.phone, role: d.role },
      declaredCompanyPhone: d.companyPhone, address: d.address, product: d.product,
      requestedAmount: d.amount, requestedTermMonths: d.term, channel: d.channel, deviceId: d.device, ip: d.ip,
      identity: d.identity, bureauScore: bureau, originatorId: app.originatorId,
      enterprise: {
        industryCode: e.industry.code, employees: e.employees, isNewBusiness: e.yearsInBusiness < 2, isFranchise: e.index % 23 === 0,
        urbanRural: e.index % 11 === 0 ? 'rural' : 'urban', region: e.city.province, declaredAnnualRevenue: d.declaredRevenue,
        registeredAddress: e.address, yearsInBusiness: e.yearsInBusiness,
      },
    });
    if (app.eventId === null) return null;
    world.applications.push(app);
    if (app.legitFailedChecks) world.lookAlikes.push({ ms: d.ms, enterprise: e, applicationId: app.id });

    // Even the legacy process sees its own arrears: a borrower behind on a loan here is declined.
    const inArrears = e.loans.some((l) => l.dueMs.some((due) => due < d.ms && due >= (e.distress?.missFromMs ?? Infinity) && due < (e.distress?.cureMs ?? Infinity)));
    // Manual review of financials catches about half of the firms already in trouble.
    const troubled = e.distress !== null && d.ms >= e.distress.onsetMs && rng.chance(0.5);
    app.approved = d.forceApprove === true || (!inArrears && !troubled && legacyApproval(rng, d.identity, bureau));
    if (!app.approved) return app;
    const openedMs = atCst(dayFloor(d.ms) + rng.int(1, 5) * DAY, rng.range(9.5, 16.5));
    if (openedMs >= world.options.endMs) return app;
    const kind = d.fraudType === null ? 'regular' : d.fraudType;
    // An impersonator has the money paid into an account they opened in the victim's name.
    const account: Account = kind === 'identity' ? openAccount(world, e, openedMs, 'fraud') : e.account ?? openAccount(world, e, openedMs);
    const principal = Math.round((d.amount * (kind === 'regular' && rng.chance(0.3) ? 0.8 : 1)) / 10_000) * 10_000;
    createLoan(world, { enterprise: e, application: app, kind, openedMs, principal, termMonths: d.term, product: d.product, backBook: false, account });
    if (kind === 'ring' || kind === 'identity') this.#cashOut(rng, account, openedMs, kind === 'ring' ? this.#ringOf(d.ringId).muleAccounts : this.#mules(rng));
    if (kind === 'bust_out') this.#bustOut(rng, e, account, openedMs);
    return app;
  }

  #ringOf(id: number | null): Ring {
    const ring = this.world.rings.find((r) => r.id === id);
    if (!ring) throw new RangeError(`no ring ${id}`);
    return ring;
  }

  #mules(rng: Rng): Counterparty[] {
    return Array.from({ length: rng.int(1, 3) }, () => ({ name: personName(rng, rng.chance(0.6)), account: personalAccount(rng), enterpriseId: null }));
  }

  /** Fraud proceeds moved to mule accounts within hours of disbursement. */
  #cashOut(rng: Rng, account: Account, openedMs: number, mules: readonly Counterparty[]): void {
    const n = rng.int(2, 4);
    let t = openedMs + rng.int(20, 120) * MINUTE;
    for (let i = 0; i < n; i++) {
      account.scheduled.push({
        ms: t, direction: 'out', channel: rng.chance(0.7) ? 'mobile' : 'transfer', amount: { balanceShare: i === n - 1 ? 0.98 : 1 / (n - i) },
        counterparty: rng.pick(mules), tag: 'cash_out',
      });
      t += rng.int(5, 240) * MINUTE;
    }
  }

  /** Bust-out: the new loan lands, 6-15 outflows empty the account within days, then the firm vanishes. */
  #bustOut(rng: Rng, e: Enterprise, account: Account, openedMs: number): void {
    const vanishMs = openedMs + Math.round(rng.range(0.5, 3) * DAY);
    e.vanishMs = vanishMs;
    const n = rng.int(6, 15);
    const mules = this.#mules(rng);
    for (let i = 0; i < n; i++) {
      const ms = openedMs + HOUR + Math.floor(((vanishMs - openedMs - HOUR) * (i + rng.float())) / n);
      const kind = rng.weighted([['cash', 0.3], ['person', 0.4], ['firm', 0.3]] as const);
      const counterparty: Counterparty | null =
        kind === 'cash' ? null
          : kind === 'person' ? rng.pick(mules)
            : { name: companyName(rng, e.city, e.industry), account: personalAccount(rng), enterpriseId: null };
      account.scheduled.push({
        ms, direction: 'out', channel: kind === 'cash' ? 'cash' : 'transfer', amount: { balanceShare: i === n - 1 ? 0.97 : 1 / (n - i) },
        counterparty, tag: 'bust_out',
      });
    }
  }
}
