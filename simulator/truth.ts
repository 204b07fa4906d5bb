/**
 * Ground truth for evaluators (written as truth.json, never a topic): per enterprise, applicant,
 * application, loan and ring, what really happened — fraud, bust-out, default (even beyond the
 * window), growth class, soundness — and which warning signals were actually emitted.
 * Contains synthetic personal identifiers in the clear, as test fixtures do.
 */
import type { ModelParams } from './params.ts';
import { dateOf, iso } from './time.ts';
import { SIGNAL_NAMES, type GrowthClass, type SignalName, type World } from './world.ts';
import type { SimTopic } from './emitter.ts';

export interface EnterpriseTruth {
  enterpriseId: string;
  name: string;
  city: string;
  region: string;
  industryCode: string;
  yearsInBusiness: number;
  growthClass: GrowthClass;
  /** Annual log-growth of sales used by the generator. */
  annualGrowth: number;
  /** No default, no fraud, no distress and no adverse enterprise-update in the window. */
  sound: boolean;
  /** Has an account or a loan with the bank at some point in the window. */
  isCustomer: boolean;
  isBorrower: boolean;
  isFraud: boolean;
  fraudType: 'ring' | 'bust_out' | null;
  ringId: number | null;
  isShell: boolean;
  isBustOut: boolean;
  /** When the bust-out firm cashed out and vanished. */
  bustOutAt: string | null;
  /** Victim of an impersonated application (not itself fraudulent). */
  impersonated: boolean;
  willDefault: boolean;
  /** Earliest date one of its loans reaches 90 days past due (may be after the window). */
  defaultDate: string | null;
  distress: {
    onsetAt: string;
    firstMissFrom: string;
    outcome: 'default' | 'cure';
    curedAt: string | null;
    plannedSignals: SignalName[];
  } | null;
  /** Signals shown as noise by a healthy enterprise. */
  noiseSignals: SignalName[];
  /** Warning signals actually emitted, with their times. */
  emittedSignals: Partial<Record<SignalName, string[]>>;
  /** Adverse enterprise-updates emitted (lawsuits as defendant, listings, tax arrears). */
  adverseEvents: Array<{ kind: string; at: string }>;
  relatedEnterpriseIds: string[];
  guaranteeCircleId: number | null;
  bureauScoreAtStart: number | null;
  accountIds: string[];
  loanIds: string[];
}

export interface LoanTruth {
  loanId: string;
  enterpriseId: string;
  applicationId: string | null;
  kind: 'regular' | 'bust_out' | 'ring' | 'identity';
  backBook: boolean;
  openedAt: string;
  principal: number;
  termMonths: number;
  installment: number;
  accountId: string;
  isFraud: boolean;
  fraudType: 'ring' | 'identity' | 'bust_out' | null;
  isBustOut: boolean;
  willDefault: boolean;
  firstMissedInstallment: number | null;
  firstMissedDueDate: string | null;
  /** Date it reaches 90 days past due (may be after the window). */
  defaultDate: string | null;
  /** Default date falls inside the window (so a default label may have been emitted). */
  defaultObserved: boolean;
  curedAt: string | null;
  closedAt: string | null;
}

export interface ApplicationTruth {
  applicationId: string;
  enterpriseId: string;
  at: string;
  isFraud: boolean;
  fraudType: 'ring' | 'identity' | 'bust_out' | null;
  ringId: number | null;
  approved: boolean;
  loanId: string | null;
  /** Genuine applicant whose identity checks failed (a false-positive candidate). */
  legitFailedChecks: boolean;
  applicant: { idNumber: string; name: string };
  identifiers: { phone: string; deviceId: string; ip: string; address: string; companyPhone: string };
}

export interface RingTruth {
  ringId: number;
  members: Array<{ idNumber: string; name: string; phone: string }>;
  shellEnterpriseIds: string[];
  applicationIds: string[];
  sharedPhones: string[];
  companyPhone: string;
  sharedDevices: string[];
  sharedIps: string[];
  sharedAddresses: string[];
  muleAccounts: string[];
  burstStart: string;
}

export interface SimulationTruth {
  meta: {
    generator: 'fengkong-simulator';
    version: 1;
    seed: number;
    start: string;
    days: number;
    end: string;
    enterprises: number;
    params: ModelParams;
  };
  counts: Record<SimTopic, number>;
  enterprises: EnterpriseTruth[];
  applications: ApplicationTruth[];
  loans: LoanTruth[];
  rings: RingTruth[];
  /** Fraudulent transactions: account takeovers (labelled), bust-out and fraud-loan cash-outs. */
  fraudTransactions: Array<{ eventId: string; enterpriseId: string; at: string; kind: 'account_takeover' | 'bust_out' | 'cash_out'; caseId: number | null }>;
  /** Legitimate events that look like fraud (night transfers, failed identity checks). */
  lookAlikes: Array<{ enterpriseId: string; at: string; refEventId: string | null; applicationId: string | null }>;
  guaranteeCircles: string[][];
  /** Infrastructure legitimately shared by many applicants (detection must not flag it). */
  sharedInfrastructure: {
    publicIps: string[];
    branchDevices: string[];
    branchIps: string[];
    partnerDevice: string;
    partnerIp: string;
    sharedOfficeAddresses: string[];
  };
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
const dateOrNull = (ms: number | null): string | null => (ms === null ? null : dateOf(ms));

export function buildTruth(world: World, counts: Record<SimTopic, number>): SimulationTruth {
  const { options } = world;
  const impersonated = new Set(world.applications.filter((a) => a.fraudType === 'identity').map((a) => a.enterprise));
  const customers = new Set(world.accounts.filter((a) => a.openedMs < options.endMs && a.kind === 'own').map((a) => a.enterprise));

  const enterprises = world.enterprises.map((e): EnterpriseTruth => {
    const defaults = e.loans.map((l) => l.defaultMs).filter((m): m is number => m !== null);
    const isFraud = e.fate === 'shell' || e.fate === 'bust_out';
    const emitted: Partial<Record<SignalName, string[]>> = {};
    for (const name of SIGNAL_NAMES) {
      const list = e.emittedSignals.get(name);
      if (list && list.length > 0) emitted[name] = list.slice().sort((a, b) => a - b).map(iso);
    }
    // Inflow decline shows in the borrower's own account receipts while it overlaps the window.
    const d = e.distress;
    if (d?.signals.has('inflowDecline') && e.account && d.missFromMs > options.startMs && d.onsetMs < options.endMs) emitted.inflowDecline = [iso(Math.max(d.onsetMs, options.startMs))];
    const dip = e.noise?.dip;
    if (dip && e.account) emitted.inflowDecline = [iso(dip.fromMs)];
    const willDefault = defaults.length > 0;
    return {
      enterpriseId: e.id,
      name: e.name,
      city: e.city.cityName,
      region: e.city.province,
      industryCode: e.industry.code,
      yearsInBusiness: e.yearsInBusiness,
      growthClass: e.growthClass,
      annualGrowth: Math.round(e.growth * 10_000) / 10_000,
      sound: !isFraud && !willDefault && e.distress === null && e.adverse.length === 0,
      isCustomer: customers.has(e) || e.loans.length > 0,
      isBorrower: e.loans.length > 0,
      isFraud,
      fraudType: e.fate === 'shell' ? 'ring' : e.fate === 'bust_out' ? 'bust_out' : null,
      ringId: e.ringId,
      isShell: e.fate === 'shell',
      isBustOut: e.fate === 'bust_out',
      bustOutAt: isoOrNull(e.vanishMs),
      impersonated: impersonated.has(e),
      willDefault,
      defaultDate: willDefault ? dateOf(Math.min(...defaults)) : null,
      distress: d
        ? { onsetAt: iso(d.onsetMs), firstMissFrom: iso(d.missFromMs), outcome: d.outcome, curedAt: isoOrNull(d.cureMs), plannedSignals: [...d.signals] }
        : null,
      noiseSignals: e.noise ? [...e.noise.signals] : [],
      emittedSignals: emitted,
      adverseEvents: e.adverse.map((a) => ({ kind: a.kind, at: iso(a.ms) })),
      relatedEnterpriseIds: [...e.related].map((r) => r.id),
      guaranteeCircleId: e.circleId,
      bureauScoreAtStart: e.initialBureau,
      accountIds: world.accounts.filter((a) => a.enterprise === e && a.kind === 'own').map((a) => a.number),
      loanIds: e.loans.map((l) => l.id),
    };
  });

  const loans = world.loans.map((l): LoanTruth => ({
    loanId: l.id,
    enterpriseId: l.enterprise.id,
    applicationId: l.application?.id ?? null,
    kind: l.kind,
    backBook: l.backBook,
    openedAt: iso(l.openedMs),
    principal: l.principal,
    termMonths: l.termMonths,
    installment: l.installment,
    accountId: l.account.number,
    isFraud: l.kind !== 'regular',
    fraudType: l.kind === 'regular' ? null : l.kind,
    isBustOut: l.kind === 'bust_out',
    willDefault: l.defaultMs !== null,
    firstMissedInstallment: l.firstMissedNo,
    firstMissedDueDate: dateOrNull(l.firstMissedDueMs),
    defaultDate: dateOrNull(l.defaultMs),
    defaultObserved: l.defaultMs !== null && l.defaultMs < options.endMs,
    curedAt: isoOrNull(l.curedMs),
    closedAt: isoOrNull(l.closedMs),
  }));

  const applications = world.applications.map((a): ApplicationTruth => ({
    applicationId: a.id,
    enterpriseId: a.enterprise.id,
    at: iso(a.ms),
    isFraud: a.fraudType !== null,
    fraudType: a.fraudType,
    ringId: a.ringId,
    approved: a.approved,
    loanId: a.loan?.id ?? null,
    legitFailedChecks: a.legitFailedChecks,
    applicant: { idNumber: a.applicant.idNumber, name: a.applicant.name },
    identifiers: { ...a.identifiers },
  }));

  const rings = world.rings.map((r): RingTruth => ({
    ringId: r.id,
    members: r.members.map((m) => ({ idNumber: m.idNumber, name: m.name, phone: m.phone })),
    shellEnterpriseIds: r.shells.map((s) => s.id),
    applicationIds: r.applications.map((a) => a.id),
    sharedPhones: [...r.phones],
    companyPhone: r.companyPhone,
    sharedDevices: [...r.devices],
    sharedIps: [...r.ips],
    sharedAddresses: [...r.addresses],
    muleAccounts: r.muleAccounts.map((m) => m.account),
    burstStart: iso(r.burstMs),
  }));

  return {
    meta: {
      generator: 'fengkong-simulator', version: 1, seed: options.seed, start: options.start, days: options.days,
      end: dateOf(options.endMs), enterprises: options.enterprises, params: options.params,
    },
    counts,
    enterprises,
    applications,
    loans,
    rings,
    fraudTransactions: world.fraudTxns
      .slice()
      .sort((a, b) => a.ms - b.ms)
      .map((t) => ({ eventId: t.eventId, enterpriseId: t.enterprise.id, at: iso(t.ms), kind: t.kind, caseId: t.caseId })),
    lookAlikes: world.lookAlikes
      .slice()
      .sort((a, b) => a.ms - b.ms)
      .map((l) => ({ enterpriseId: l.enterprise.id, at: iso(l.ms), refEventId: l.refEventId ?? null, applicationId: l.applicationId ?? null })),
    guaranteeCircles: world.circles.map((c) => c.map((e) => e.id)),
    sharedInfrastructure: {
      publicIps: [...world.shared.publicIps],
      branchDevices: world.shared.branches.map((b) => b.device),
      branchIps: world.shared.branches.map((b) => b.ip),
      partnerDevice: world.shared.partner.device,
      partnerIp: world.shared.partner.ip,
      sharedOfficeAddresses: [...world.shared.offices],
    },
  };
}
