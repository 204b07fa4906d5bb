/**
 * Builders of small, already-pseudonymised contract events for the graph tests. Tokens are
 * derived from labels (`tok('phone-1')`), credit codes from numbers, so tests read as stories.
 */
import { createHash } from 'node:crypto';
import { makeResidentId, makeUscc } from '../../schemas/identifiers.ts';
import type { EventOf } from '../../schemas/topics.ts';
import type { GraphEvent } from './eventMutations.ts';

/** A pseudonym-shaped token for a label. */
export const tok = (label: string): string => `pii_${createHash('sha256').update(label).digest('hex').slice(0, 32)}`;

/** A valid credit code for a number. */
export const uscc = (n: number): string => makeUscc(`91350100MA${String(n).padStart(7, '0')}`);

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
/** ISO time `minutes` after a fixed start. */
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

let seq = 0;
const nextId = (prefix: string): string => `${prefix}-${++seq}`;

export interface AppSpec {
  id?: string;
  person: string;
  ent: number;
  phone?: string;
  companyPhone?: string;
  device?: string;
  ip?: string;
  address?: string;
  minute?: number;
  enterpriseName?: string;
}

/** A pseudonymised loan application; unspecified identifiers are unique to it. */
export function application(s: AppSpec): EventOf<'applications'> {
  const id = s.id ?? nextId('APP');
  return {
    eventId: `ev-${id}`,
    schemaVersion: 1,
    eventTime: at(s.minute ?? 0),
    applicationId: id,
    enterpriseId: uscc(s.ent),
    enterpriseName: s.enterpriseName ?? `Enterprise ${s.ent}`,
    applicant: { name: tok(`name-${s.person}`), idNumber: tok(`id-${s.person}`), phone: tok(`phone-${s.phone ?? `own-${id}`}`), role: 'legal_rep' },
    declaredCompanyPhone: tok(`phone-${s.companyPhone ?? `company-${id}`}`),
    address: s.address ?? `Unit ${id}, Road 1, Fuzhou`,
    product: 'working_capital',
    requestedAmount: 500_000,
    requestedTermMonths: 12,
    channel: 'app',
    deviceId: s.device ?? `dev-${id}`,
    ip: s.ip ?? `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}`,
    identity: { faceMatchScore: 0.97, livenessPassed: true, smsVerified: true, captchaPassed: true, idDocumentValid: true },
    bureauScore: 700,
  };
}

type Update = EventOf<'enterprise-updates'>;
type UpdateOf<K extends Update['kind']> = Extract<Update, { kind: K }>;
type UpdateBody<K extends Update['kind']> = Omit<UpdateOf<K>, 'eventId' | 'schemaVersion' | 'eventTime' | 'enterpriseId' | 'kind'>;

/** An enterprise update of a kind about enterprise number `ent`. */
export function update<K extends Update['kind']>(kind: K, ent: number, body: UpdateBody<K>, minute = 0): UpdateOf<K> {
  return { eventId: nextId('EU'), schemaVersion: 1, eventTime: at(minute), enterpriseId: uscc(ent), kind, ...body } as unknown as UpdateOf<K>;
}

/** A person reference (pseudonymised ID number) for equity, officer and listing updates. */
export const personRef = (label: string): { idNumber: string } => ({ idNumber: tok(`id-${label}`) });

export const shareholder = (ent: number, holder: { person?: string; ent?: number }, pct: number, minute = 0): UpdateOf<'equity_change'> =>
  update('equity_change', ent, {
    shareholder: holder.person !== undefined ? { type: 'person', person: personRef(holder.person) } : { type: 'enterprise', enterpriseId: uscc(holder.ent ?? 0) },
    sharePct: pct,
  }, minute);

export const guarantee = (guarantor: number, beneficiary: number, amount = 1_000_000, action: 'created' | 'released' = 'created'): UpdateOf<'guarantee'> =>
  update('guarantee', guarantor, { guaranteeId: nextId('G'), role: 'guarantor', counterpartyEnterpriseId: uscc(beneficiary), amount, action });

export function label(kind: 'fraud_confirmed' | 'default' | 'false_positive', ref: { applicationId?: string; ent?: number }): EventOf<'labels'> {
  return {
    eventId: nextId('L'), schemaVersion: 1, eventTime: at(0), labelId: nextId('LBL'), kind, occurredAt: at(0),
    ...(ref.applicationId ? { applicationId: ref.applicationId } : {}),
    ...(ref.ent !== undefined ? { enterpriseId: uscc(ref.ent) } : {}),
  };
}

export function transfer(from: number, to: number, minute = 0): EventOf<'transactions'> {
  return {
    eventId: nextId('TX'), schemaVersion: 1, eventTime: at(minute), transactionId: nextId('T'), accountId: tok(`acct-${from}`),
    enterpriseId: uscc(from), direction: 'out', amount: 10_000, channel: 'transfer', counterpartyEnterpriseId: uscc(to), balanceAfter: 1_000,
  };
}

export const apps = (...events: EventOf<'applications'>[]): GraphEvent[] => events.map((event) => ({ topic: 'applications', event }));
export const updates = (...events: Update[]): GraphEvent[] => events.map((event) => ({ topic: 'enterprise-updates', event }));
export const labels = (...events: EventOf<'labels'>[]): GraphEvent[] => events.map((event) => ({ topic: 'labels', event }));
export const transactions = (...events: EventOf<'transactions'>[]): GraphEvent[] => events.map((event) => ({ topic: 'transactions', event }));

/** A raw resident ID number (valid check digit) for a small number, for files ingestion must pseudonymise. */
export const rawResidentId = (n: number): string => makeResidentId(`11010119900307${String(n).padStart(3, '0')}`);

/**
 * Writes a small raw (not pseudonymised) simulated directory: enterprises 1 and 2 linked by a
 * person who holds 35% of 1 and is legal representative of 2, plus one invalid line.
 * Returns the raw personal values so a test can check none of them comes out.
 */
export async function writeRawGraphDir(dir: string): Promise<{ rawValues: string[] }> {
  const { writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const zhang = rawResidentId(1);
  const phone = '13800138000';
  const updatesFile = [
    update('registry_change', 1, { registeredName: '星辰贸易有限公司', registeredPhone: phone }),
    update('registry_change', 2, { registeredName: '海峡物流有限公司' }),
    update('equity_change', 1, { shareholder: { type: 'person', person: { idNumber: zhang, name: '张三' } }, sharePct: 35 }),
    update('officer_change', 2, { officer: { idNumber: zhang, name: '张三' }, role: 'legal_rep', action: 'appointed' }),
  ].map((e) => JSON.stringify(e));
  updatesFile.push(JSON.stringify({ ...update('equity_change', 2, { shareholder: { type: 'enterprise', enterpriseId: uscc(1) }, sharePct: 10 }), enterpriseId: 'NOT-A-CODE' }));
  await writeFile(join(dir, 'enterprise-updates.jsonl'), `${updatesFile.join('\n')}\n`);
  const app = { ...application({ person: 'x', ent: 3 }), applicant: { name: '李四', idNumber: rawResidentId(2), phone, role: 'legal_rep' as const }, declaredCompanyPhone: phone };
  await writeFile(join(dir, 'applications.jsonl'), `${JSON.stringify(app)}\n`);
  return { rawValues: [zhang, phone, '张三', '李四', rawResidentId(2)] };
}
