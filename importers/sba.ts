/**
 * SBA 7(a) loans (Li, Mickel & Taylor 2018) → `applications` + `labels` (CHGOFF → default).
 * Reads both copies in ../shared/data/sba: SBAnational.csv (26 columns) and the case-study file
 * SBAcase.11.13.17.csv (35 columns, day-number dates, a `Default` column). Field by field, with
 * what is left out and why, in docs/public-data.md. Outcome columns (MIS_Status, ChgOffDate,
 * Default) only ever shape the label, never the application; ChgOffPrinGr is not read at all.
 */
import { integer, money, optionalMoney, quote } from './cells.ts';
import { IMPORT_ROW_CODES, ImportRowError } from './errors.ts';
import { mapped, type Importer, type MapContext, type MappedEvent, type RowMapper } from './importer.ts';
import { parseSbaDate } from './sbaDates.ts';
import { MAX_SBA_LOAN_NUMBER, syntheticIdentity } from './syntheticIdentity.ts';
import type { SourceRow } from './sourceRow.ts';
import type { LoanApplication } from '../schemas/topics/application.ts';
import type { OutcomeLabel } from '../schemas/topics/label.ts';

/**
 * Identity-verification results of every SBA application: as if each check passed. The SBA data
 * has no onboarding signals; constant values make them neutral (no rule fires, no model learns
 * from them) instead of inventing a distribution.
 */
export const NEUTRAL_IDENTITY: LoanApplication['identity'] = {
  faceMatchScore: 0.95, livenessPassed: true, smsVerified: true, captchaPassed: true, idDocumentValid: true,
};
/** Longest term our contract carries (requestedTermMonths ≤ 360). */
const MAX_TERM_MONTHS = 360;
const MAX_NAME = 128;
const MAX_ADDRESS = 256;

type Outcome = 'default' | 'paid_in_full';

const LENDER_PREFIX = 'sba-lender:';
const MAX_ID = 128;

/**
 * The lending bank as the application's originator: its name in upper case, runs of anything but
 * letters and digits as one `-` ("BANK OF AMERICA NATL ASSOC" → `sba-lender:BANK-OF-AMERICA-NATL-ASSOC`),
 * so spellings that differ only in punctuation are one lender. A lender is an institution, not a
 * person; the name stays readable for risk ops. Null when the name is empty.
 */
export function lenderId(bank: string): string | null {
  const slug = bank.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_ID - LENDER_PREFIX.length).replace(/-+$/, '');
  return slug === '' ? null : LENDER_PREFIX + slug;
}

function invalid(column: string, message: string): ImportRowError {
  return new ImportRowError(IMPORT_ROW_CODES.invalidValue, column, `${column} ${message}`);
}

/** MIS_Status (and, in the case study, the `Default` column that restates it). */
function outcome(row: SourceRow): Outcome {
  const status = row.get('MIS_Status').replace(/\s+/g, ' ').toUpperCase();
  let result: Outcome;
  if (status === 'CHGOFF') result = 'default';
  else if (status === 'P I F' || status === 'PIF') result = 'paid_in_full';
  else if (status === '') throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, 'MIS_Status', 'MIS_Status is empty: the loan\u2019s outcome is unknown');
  else throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, 'MIS_Status', `MIS_Status is ${quote(status)}, expected CHGOFF or P I F`);
  const flag = row.get('Default');
  if (flag !== '' && flag !== (result === 'default' ? '1' : '0')) {
    throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, 'Default', `Default is ${quote(flag)} but MIS_Status is ${status}: the labels contradict each other`);
  }
  return result;
}

function fiscalYear(row: SourceRow): number {
  // The original file marks a few years '1976A'.
  const m = /^(\d{4})A?$/.exec(row.get('ApprovalFY'));
  if (!m) throw invalid('ApprovalFY', `is not a fiscal year: ${quote(row.get('ApprovalFY'))}`);
  return Number(m[1]);
}

function date(row: SourceRow, column: string, minYear: number): Date {
  const parsed = parseSbaDate(row.get(column), minYear);
  if (!parsed) throw invalid(column, `is not a date: ${quote(row.get(column))}`);
  return parsed;
}

/** Code cells such as NewExist ('1', '2', '0', '1.0'), or null when empty. */
function code(row: SourceRow, column: string): number | null {
  return row.get(column) === '' ? null : integer(row, column, 0, Number.MAX_SAFE_INTEGER);
}

function enterpriseProfile(row: SourceRow): NonNullable<LoanApplication['enterprise']> {
  const profile: NonNullable<LoanApplication['enterprise']> = {};
  const naics = row.get('NAICS');
  // NAICS 0 means "not recorded" (common before 2000 in this data).
  if (naics !== '' && naics !== '0') {
    if (!/^\d{2,6}$/.test(naics)) throw invalid('NAICS', `is not a NAICS code: ${quote(naics)}`);
    profile.industryCode = naics;
  }
  profile.employees = integer(row, 'NoEmp', 0, 1_000_000);
  const newExist = code(row, 'NewExist');
  if (newExist === 1) profile.isNewBusiness = false;
  else if (newExist === 2) profile.isNewBusiness = true;
  else if (newExist !== null && newExist !== 0) throw invalid('NewExist', `is ${newExist}, expected 1 (existing), 2 (new) or 0 (not recorded)`);
  // FranchiseCode 0 or 1 means "no franchise"; any other value is the franchise's code.
  const franchise = code(row, 'FranchiseCode');
  if (franchise !== null) profile.isFranchise = franchise > 1;
  const urbanRural = code(row, 'UrbanRural');
  if (urbanRural === 1) profile.urbanRural = 'urban';
  else if (urbanRural === 2) profile.urbanRural = 'rural';
  else if (urbanRural === 0) profile.urbanRural = 'unknown';
  else if (urbanRural !== null) throw invalid('UrbanRural', `is ${urbanRural}, expected 1 (urban), 2 (rural) or 0 (undefined)`);
  const state = row.get('State');
  if (state !== '') profile.region = state.slice(0, 32);
  return profile;
}

/**
 * SBA_Appv / GrAppv: the share of the loan the SBA guarantees, fixed at approval (the case study's
 * `Portion`). Null when SBA_Appv is empty or the amount is 0; more than the amount is not a share.
 */
function guaranteeShare(row: SourceRow, amount: number): number | null {
  const guaranteed = optionalMoney(row, 'SBA_Appv');
  if (guaranteed === null || amount <= 0) return null;
  if (guaranteed > amount) throw invalid('SBA_Appv', `${guaranteed} is more than the ${amount} approved`);
  return Math.round((guaranteed / amount) * 10_000) / 10_000;
}

function createMapper(ctx: MapContext): RowMapper {
  const loans = new Map<number, number>();
  const keys = new Map<string, number>();
  return {
    map(row) {
      const loanNumber = integer(row, 'LoanNr_ChkDgt', 1, MAX_SBA_LOAN_NUMBER);
      const firstLine = loans.get(loanNumber);
      if (firstLine !== undefined) {
        throw new ImportRowError(IMPORT_ROW_CODES.duplicateId, 'LoanNr_ChkDgt', `loan ${loanNumber} appeared before, on line ${firstLine}`);
      }
      const id = syntheticIdentity(loanNumber);
      const sharing = keys.get(id.key);
      if (sharing !== undefined) {
        throw new ImportRowError(IMPORT_ROW_CODES.duplicateId, 'LoanNr_ChkDgt', `loan ${loanNumber} differs from loan ${sharing} only in its check digit, so they would share synthetic identifiers`);
      }

      const fy = fiscalYear(row);
      // Fiscal year N runs from October N-1 to September N.
      const approved = date(row, 'ApprovalDate', fy - 1);
      const term = integer(row, 'Term', 0, 10_000);
      if (term < 1 || term > MAX_TERM_MONTHS) {
        throw new ImportRowError(IMPORT_ROW_CODES.outOfContract, 'Term', `Term is ${term} months; requestedTermMonths must be 1..${MAX_TERM_MONTHS}`);
      }
      // GrAppv (gross amount approved) is what was asked for and granted at approval; the disbursed amount only when it is missing.
      const amountColumn = row.get('GrAppv') !== '' || row.get('DisbursementGross') === '' ? 'GrAppv' : 'DisbursementGross';
      const requestedAmount = money(row, amountColumn);
      const profile = enterpriseProfile(row);
      const guaranteedShare = guaranteeShare(row, requestedAmount);
      const bankState = row.get('BankState');
      const originatorId = lenderId(row.get('Bank'));
      const result = outcome(row);

      const applicationId = `${ctx.idPrefix}:${loanNumber}`;
      const eventTime = approved.toISOString();
      const name = row.get('Name');
      const place = [row.get('City'), [row.get('State'), row.get('Zip')].filter((s) => s !== '').join(' ')].filter((s) => s !== '').join(', ');
      const application: LoanApplication = {
        eventId: applicationId, schemaVersion: 1, eventTime, source: ctx.source,
        applicationId,
        enterpriseId: id.enterpriseId,
        enterpriseName: (name === '' ? `SBA borrower ${loanNumber}` : name).slice(0, MAX_NAME),
        applicant: { name: id.applicantName, idNumber: id.applicantIdNumber, phone: id.applicantPhone, role: 'legal_rep' },
        declaredCompanyPhone: id.companyPhone,
        // The street is not in the data, and a shared "city, state zip" would look like a shared
        // address to the graph; the loan number keeps each address to its own loan.
        address: `SBA loan ${loanNumber}${place === '' ? '' : `, ${place}`}`.slice(0, MAX_ADDRESS),
        product: row.get('RevLineCr').toUpperCase() === 'Y' ? 'working_capital' : 'term_loan',
        requestedAmount,
        requestedTermMonths: term,
        channel: 'branch',
        deviceId: id.deviceId,
        ip: id.ip,
        identity: NEUTRAL_IDENTITY,
        bureauScore: null,
        enterprise: profile,
        ...(guaranteedShare === null ? {} : { guaranteedShare }),
        ...(bankState === '' ? {} : { lenderRegion: bankState.slice(0, 32) }),
        ...(originatorId === null ? {} : { originatorId }),
      };
      const events: MappedEvent[] = [mapped('applications', application)];

      if (result === 'default') {
        if (row.get('ChgOffDate') === '') {
          throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, 'ChgOffDate', 'MIS_Status is CHGOFF but ChgOffDate is empty: no date for the default');
        }
        const chargedOff = date(row, 'ChgOffDate', approved.getUTCFullYear());
        if (chargedOff.getTime() < approved.getTime()) {
          throw invalid('ChgOffDate', `${chargedOff.toISOString().slice(0, 10)} is before the approval on ${eventTime.slice(0, 10)}`);
        }
        const labelId = `${applicationId}:default`;
        // The charge-off is booked on ChgOffDate: the default happens and becomes known then.
        const label: OutcomeLabel = {
          eventId: labelId, schemaVersion: 1, eventTime: chargedOff.toISOString(), source: ctx.source,
          labelId, kind: 'default', applicationId, enterpriseId: id.enterpriseId, occurredAt: chargedOff.toISOString(),
          ...(originatorId === null ? {} : { originatorId }),
        };
        events.push(mapped('labels', label));
      }
      loans.set(loanNumber, row.line);
      keys.set(id.key, loanNumber);
      return events;
    },
  };
}

export const sbaImporter: Importer = {
  name: 'sba',
  description: 'U.S. SBA 7(a) loans (Li, Mickel & Taylor 2018; SBAnational or the SBAcase study file) → applications + default labels',
  primaryTopic: 'applications',
  topics: ['applications', 'labels'],
  columns: [
    { name: 'LoanNr_ChkDgt' }, { name: 'Name' }, { name: 'City' }, { name: 'State' }, { name: 'Zip' },
    { name: 'NAICS' }, { name: 'ApprovalDate' }, { name: 'ApprovalFY' }, { name: 'Term' }, { name: 'NoEmp' },
    { name: 'NewExist' }, { name: 'FranchiseCode' }, { name: 'UrbanRural' }, { name: 'RevLineCr' },
    { name: 'ChgOffDate' }, { name: 'MIS_Status' }, { name: 'GrAppv' },
    { name: 'DisbursementGross', optional: true }, { name: 'Default', optional: true },
    { name: 'SBA_Appv', optional: true }, { name: 'BankState', optional: true }, { name: 'Bank', optional: true },
  ],
  createMapper,
};
