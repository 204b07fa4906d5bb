/**
 * PaySim (Lopez-Rojas et al. 2016) → `transactions` + `labels`. Field by field in
 * docs/public-data.md. Left out on purpose: `isFlaggedFraud` (the simulator's own rule output,
 * a label in disguise) and the destination balances (`oldbalanceDest`, `newbalanceDest`), which
 * leak the outcome and are always 0 for merchants (../shared/data/paysim/PROVENANCE.md).
 */
import { cents, decimal, integer, quote } from './cells.ts';
import { IMPORT_ROW_CODES, ImportRowError } from './errors.ts';
import { mapped, type Importer, type MapContext, type MappedEvent, type RowMapper } from './importer.ts';
import type { SourceRow } from './sourceRow.ts';
import type { AccountTransaction } from '../schemas/topics/transaction.ts';
import type { OutcomeLabel } from '../schemas/topics/label.ts';

/**
 * Event time of step 1. PaySim has no calendar: a step is one hour of a 30-day (744-step)
 * simulation. Step s is placed at PAYSIM_EPOCH + (s - 1) hours, so all rows of one step share an
 * instant (the order within an hour is not in the data; file order is kept).
 */
export const PAYSIM_EPOCH = '2025-01-01T00:00:00.000Z';
const HOUR_MS = 3_600_000;
/** Largest step accepted: the full log has 744; anything past a year of hours is a broken cell. */
export const PAYSIM_MAX_STEP = 8_760;
/**
 * A fraud is confirmed (the label's eventTime) this long after the transaction: a chargeback or
 * customer complaint takes days. The label's occurredAt is the transaction time itself.
 */
export const PAYSIM_LABEL_DELAY_HOURS = 72;

/** PaySim `type` → our channel and the origin account's direction. */
export const PAYSIM_TYPES = {
  PAYMENT: { channel: 'merchant_payment', direction: 'out' },
  TRANSFER: { channel: 'transfer', direction: 'out' },
  CASH_OUT: { channel: 'cash', direction: 'out' },
  // CASH_IN: cash paid in at a merchant agent; the origin account's balance goes up.
  CASH_IN: { channel: 'cash', direction: 'in' },
  // DEBIT: money sent from the mobile-money account to a bank account.
  DEBIT: { channel: 'transfer', direction: 'out' },
} as const satisfies Record<string, Pick<AccountTransaction, 'channel' | 'direction'>>;
type PaySimType = keyof typeof PAYSIM_TYPES;
const isPaySimType = (t: string): t is PaySimType => Object.prototype.hasOwnProperty.call(PAYSIM_TYPES, t);

/** 0/1 label cell ('1' and '1.0' both read as 1); empty or anything else is a missing label. */
function fraudFlag(row: SourceRow): 0 | 1 {
  const text = row.get('isFraud');
  if (text === '') throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, 'isFraud', 'isFraud is empty: the row has no label');
  const value = Number(text);
  if (/^[01](?:\.0*)?$/.test(text) && (value === 0 || value === 1)) return value;
  throw new ImportRowError(IMPORT_ROW_CODES.missingLabel, 'isFraud', `isFraud is ${quote(text)}, expected 0 or 1`);
}

function account(row: SourceRow, column: string): string {
  const value = row.get(column);
  if (value === '') throw new ImportRowError(IMPORT_ROW_CODES.invalidValue, column, `${column} is empty`);
  return value;
}

function createMapper(ctx: MapContext): RowMapper {
  const epochMs = Date.parse(PAYSIM_EPOCH);
  return {
    map(row) {
      const step = integer(row, 'step', 1, PAYSIM_MAX_STEP);
      const type = row.get('type');
      if (!isPaySimType(type)) {
        throw new ImportRowError(IMPORT_ROW_CODES.invalidValue, 'type', `type ${quote(type)} is not a PaySim transaction type (${Object.keys(PAYSIM_TYPES).join(', ')})`);
      }
      const amount = decimal(row, 'amount');
      if (amount <= 0) throw new ImportRowError(IMPORT_ROW_CODES.outOfContract, 'amount', `amount is ${amount}; a transaction needs a positive amount`);
      const balanceBefore = decimal(row, 'oldbalanceOrg');
      const balanceAfter = decimal(row, 'newbalanceOrig');
      const accountId = account(row, 'nameOrig');
      const counterpartyAccount = account(row, 'nameDest');
      const isFraud = fraudFlag(row);

      // The source line is the row's id: stable across runs and independent of other rows.
      const transactionId = `${ctx.idPrefix}:${row.line}`;
      const timeMs = epochMs + (step - 1) * HOUR_MS;
      const eventTime = new Date(timeMs).toISOString();
      const { channel, direction } = PAYSIM_TYPES[type];
      const txn: AccountTransaction = {
        eventId: transactionId, schemaVersion: 1, eventTime, source: ctx.source,
        transactionId, accountId, direction, amount: cents(amount), channel, counterpartyAccount,
        balanceBefore: cents(balanceBefore), balanceAfter: cents(balanceAfter), originalType: type,
      };
      const events: MappedEvent[] = [mapped('transactions', txn)];
      if (isFraud === 1) {
        const labelId = `${transactionId}:fraud`;
        const label: OutcomeLabel = {
          eventId: labelId, schemaVersion: 1, eventTime: new Date(timeMs + PAYSIM_LABEL_DELAY_HOURS * HOUR_MS).toISOString(), source: ctx.source,
          labelId, kind: 'fraud_confirmed', fraudType: 'transaction', refEventId: transactionId, occurredAt: eventTime,
        };
        events.push(mapped('labels', label));
      }
      return events;
    },
  };
}

export const paysimImporter: Importer = {
  name: 'paysim',
  description: 'PaySim mobile-money transactions (Lopez-Rojas et al. 2016) → transactions + fraud_confirmed labels',
  primaryTopic: 'transactions',
  topics: ['transactions', 'labels'],
  columns: [
    { name: 'step' }, { name: 'type' }, { name: 'amount' }, { name: 'nameOrig' }, { name: 'oldbalanceOrg' },
    { name: 'newbalanceOrig' }, { name: 'nameDest' }, { name: 'isFraud' },
  ],
  createMapper,
};
