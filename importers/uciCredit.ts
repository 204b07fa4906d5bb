/**
 * UCI "default of credit card clients" (Yeh & Lien 2009) → `repayments` + `labels`. Each client
 * (one card account, our "loan") becomes a `loan_opened` event carrying the credit limit, six
 * monthly events April–September 2005 from PAY_x / BILL_AMTx / PAY_AMTx, and, for
 * `default.payment.next.month` = 1, a default label for October 2005. SEX, EDUCATION, MARRIAGE
 * and AGE are left out on purpose (docs/public-data.md).
 */
import { cents, decimal, integer, quote } from './cells.ts';
import { IMPORT_ROW_CODES, ImportRowError } from './errors.ts';
import { mapped, type Importer, type MapContext, type MappedEvent, type RowMapper } from './importer.ts';
import type { SourceRow } from './sourceRow.ts';
import type { RepaymentEvent } from '../schemas/topics/repayment.ts';
import type { OutcomeLabel } from '../schemas/topics/label.ts';

/**
 * The six observed months, oldest first, with their columns. PAY_0 is September (some copies call
 * it PAY_1), PAY_6 April; BILL_AMT1 / PAY_AMT1 are September, BILL_AMT6 / PAY_AMT6 April.
 */
export const UCI_MONTHS = [
  { month: '2005-04', status: 'PAY_6', bill: 'BILL_AMT6', paid: 'PAY_AMT6' },
  { month: '2005-05', status: 'PAY_5', bill: 'BILL_AMT5', paid: 'PAY_AMT5' },
  { month: '2005-06', status: 'PAY_4', bill: 'BILL_AMT4', paid: 'PAY_AMT4' },
  { month: '2005-07', status: 'PAY_3', bill: 'BILL_AMT3', paid: 'PAY_AMT3' },
  { month: '2005-08', status: 'PAY_2', bill: 'BILL_AMT2', paid: 'PAY_AMT2' },
  { month: '2005-09', status: 'PAY_0', bill: 'BILL_AMT1', paid: 'PAY_AMT1' },
] as const;
/** The account is shown as opened at the start of the observed window (the real opening date is not in the data). */
export const UCI_OPENED_AT = '2005-04-01T00:00:00.000Z';
/**
 * A month's status is known once the month is over, so month M's event is at the first instant
 * of M+1. The label is about October's payment: known at the first instant of November.
 */
export const UCI_LABEL_TIME = '2005-11-01T00:00:00.000Z';
/** Days past due of one month of delay in the status code. */
const DAYS_PER_MONTH_LATE = 30;
const LABEL = 'default.payment.next.month';

/** Instant at which a month (YYYY-MM) ends. */
function endOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString();
}
const MONTH_END = UCI_MONTHS.map((m) => endOfMonth(m.month));

/**
 * Repayment status → event kind and days past due. -2: no balance, nothing due; -1: paid in
 * full; 0: revolving — paid on time but less than the statement (our `partial`); n ≥ 1: n
 * months late (9 = nine or more).
 */
export function statusToKind(status: number): { kind: RepaymentEvent['kind']; daysPastDue: number } {
  if (status === -2) return { kind: 'dpd_update', daysPastDue: 0 };
  if (status === -1) return { kind: 'paid', daysPastDue: 0 };
  if (status === 0) return { kind: 'partial', daysPastDue: 0 };
  return { kind: 'missed', daysPastDue: status * DAYS_PER_MONTH_LATE };
}

function defaultFlag(row: SourceRow): 0 | 1 {
  const text = row.get(LABEL);
  if (text === '') throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, LABEL, `${LABEL} is empty: the row has no label`);
  if (/^[01](?:\.0*)?$/.test(text)) return Number(text) as 0 | 1;
  throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, LABEL, `${LABEL} is ${quote(text)}, expected 0 or 1`);
}

function createMapper(ctx: MapContext): RowMapper {
  const clients = new Map<number, number>();
  return {
    map(row) {
      const clientId = integer(row, 'ID', 1, Number.MAX_SAFE_INTEGER);
      const firstLine = clients.get(clientId);
      if (firstLine !== undefined) throw new ImportRowError(IMPORT_ROW_CODES.duplicateId, 'ID', `client ${clientId} appeared before, on line ${firstLine}`);
      const limit = decimal(row, 'LIMIT_BAL');
      if (limit < 0) throw new ImportRowError(IMPORT_ROW_CODES.invalidValue, 'LIMIT_BAL', `LIMIT_BAL is ${limit}; a credit limit cannot be negative`);
      const months = UCI_MONTHS.map((m) => {
        const status = integer(row, m.status, -2, 9);
        const bill = decimal(row, m.bill);
        const paid = decimal(row, m.paid);
        if (paid < 0) throw new ImportRowError(IMPORT_ROW_CODES.invalidValue, m.paid, `${m.paid} is ${paid}; a payment cannot be negative`);
        return { ...m, status, bill, paid };
      });
      const isDefault = defaultFlag(row);

      const loanId = `${ctx.idPrefix}:${clientId}`;
      const events: MappedEvent[] = [];
      const opened: RepaymentEvent = {
        eventId: `${loanId}:opened`, schemaVersion: 1, eventTime: UCI_OPENED_AT, source: ctx.source,
        loanId, kind: 'loan_opened', daysPastDue: 0, principal: cents(limit), product: 'credit_card',
      };
      events.push(mapped('repayments', opened));
      months.forEach((m, i) => {
        const { kind, daysPastDue } = statusToKind(m.status);
        // A negative bill is a credit balance: nothing is due and nothing is outstanding.
        const owed = cents(Math.max(0, m.bill));
        const event: RepaymentEvent = {
          eventId: `${loanId}:${m.month}`, schemaVersion: 1, eventTime: MONTH_END[i] as string, source: ctx.source,
          loanId, kind, installmentNo: i + 1, amountDue: owed, amountPaid: cents(m.paid), daysPastDue, outstandingPrincipal: owed,
        };
        events.push(mapped('repayments', event));
      });
      if (isDefault === 1) {
        const labelId = `${loanId}:default`;
        const label: OutcomeLabel = {
          eventId: labelId, schemaVersion: 1, eventTime: UCI_LABEL_TIME, source: ctx.source,
          labelId, kind: 'default', loanId, occurredAt: UCI_LABEL_TIME,
        };
        events.push(mapped('labels', label));
      }
      clients.set(clientId, row.line);
      return events;
    },
  };
}

export const uciCreditImporter: Importer = {
  name: 'uci-credit',
  description: 'UCI default of credit card clients (Yeh & Lien 2009) → repayments (opened + six months) + default labels',
  primaryTopic: 'repayments',
  topics: ['repayments', 'labels'],
  columns: [
    { name: 'ID' }, { name: 'LIMIT_BAL' },
    { name: 'PAY_0', aliases: ['PAY_1'] }, { name: 'PAY_2' }, { name: 'PAY_3' }, { name: 'PAY_4' }, { name: 'PAY_5' }, { name: 'PAY_6' },
    ...[1, 2, 3, 4, 5, 6].flatMap((i) => [{ name: `BILL_AMT${i}` }, { name: `PAY_AMT${i}` }]),
    { name: LABEL, aliases: ['default payment next month', 'default'] },
  ],
  createMapper,
};
