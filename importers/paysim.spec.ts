import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../schemas/validator.ts';
import { IMPORT_ROW_CODES } from './errors.ts';
import { PAYSIM_EPOCH, PAYSIM_LABEL_DELAY_HOURS } from './paysim.ts';
import { PUBLIC_FILES } from './publicData.ts';
import { collect, fixtureDir, originalOf, readDataText, type CollectedImport } from './testHelpers.ts';
import type { EventOf } from '../schemas/topics.ts';

const HEADER = 'step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud';
const HOUR_MS = 3_600_000;

describe('PaySim head file (../shared/data)', () => {
  let result: CollectedImport;
  let lines: string[];
  beforeAll(async () => {
    result = await collect({ dataset: 'paysim', file: PUBLIC_FILES.paysimHead });
    lines = readDataText(PUBLIC_FILES.paysimHead).split('\n').filter((l) => l !== '').slice(1);
  });

  it('yields one item per data row: rows = mapped + dead letters', () => {
    expect(result.items).toHaveLength(lines.length);
    const mapped = result.items.filter((i) => i.kind === 'mapped').length;
    expect(mapped + result.deadLetters.length).toBe(lines.length);
    expect(result.events.filter((e) => e.topic === 'transactions')).toHaveLength(mapped);
  });

  it('writes only events that validate against their contracts', () => {
    for (const e of [...result.events.map((x) => [x.topic, x.json] as const), ...result.deadLetters.map((d) => ['dead-letters', JSON.stringify(d)] as const)]) {
      const check = validateRecord(e[0], e[1]);
      expect(check.ok, `${e[0]}: ${e[1].slice(0, 200)}`).toBe(true);
    }
  });

  it('labels exactly the isFraud = 1 rows, pointing at their transaction, a fixed delay later', () => {
    const frauds = lines.filter((l) => l.split(',')[9] === '1').length;
    const labels = result.events.filter((e) => e.topic === 'labels').map((e) => e.event as EventOf<'labels'>);
    expect(labels).toHaveLength(frauds);
    const txns = new Map(result.events.filter((e) => e.topic === 'transactions').map((e) => [e.event.eventId, e.event as EventOf<'transactions'>]));
    for (const label of labels) {
      expect(label.kind).toBe('fraud_confirmed');
      const txn = txns.get(label.refEventId ?? '');
      expect(txn, label.refEventId).toBeDefined();
      expect(['TRANSFER', 'CASH_OUT']).toContain(txn?.originalType);
      expect(Date.parse(label.eventTime) - Date.parse(txn?.eventTime ?? '')).toBe(PAYSIM_LABEL_DELAY_HOURS * HOUR_MS);
    }
  });

  it('places step s at the epoch plus s - 1 hours and keeps the origin balances', () => {
    const first = lines[0]?.split(',') ?? [];
    const txn = result.events[0]?.event as EventOf<'transactions'>;
    expect(txn.eventTime).toBe(new Date(Date.parse(PAYSIM_EPOCH) + (Number(first[0]) - 1) * HOUR_MS).toISOString());
    expect(txn.accountId).toBe(first[3]);
    expect(txn.counterpartyAccount).toBe(first[6]);
    expect(txn.amount).toBe(Number(first[2]));
    expect(txn.balanceBefore).toBe(Number(first[4]));
    expect(txn.balanceAfter).toBe(Number(first[5]));
  });

  it('never carries isFlaggedFraud or the destination balances', () => {
    const allowed = new Set(['eventId', 'schemaVersion', 'eventTime', 'source', 'transactionId', 'accountId', 'direction', 'amount', 'channel', 'counterpartyAccount', 'balanceBefore', 'balanceAfter', 'originalType']);
    for (const e of result.events.filter((x) => x.topic === 'transactions')) {
      for (const key of Object.keys(e.event)) expect(allowed.has(key), key).toBe(true);
    }
  });
});

describe('PaySim malformed rows', () => {
  let fx: Awaited<ReturnType<typeof fixtureDir>>;
  beforeAll(async () => {
    fx = await fixtureDir();
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('dead-letters each bad row with its reason and bytes, maps the good ones, and never throws', async () => {
    const rows = [
      '1,PAYMENT,9839.64,C1231006815,170136,160296.36,M1979787155,0,0,0,0', // good
      '1,TRANSFER,181,C1305486145,181,0,C553264065,0,0,1,0', // good, fraud
      '1,CASH_OUT,abc,C840083671,181,0,C38997010,21182,0,1,0', // non-numeric amount
      '2,BITCOIN,500,C1000001,1000,500,C2000002,0,0,0,0', // unknown type
      '2,PAYMENT,11668.14,C2048537720,41554,29885.86,M1230701703,0,0,,0', // empty label
      '2,PAYMENT,7817.71,C90045638,53860', // truncated line
      '3,CASH_IN,100.5,C3000003,10,110.5,M4000004,0,0,0,0', // good
    ];
    const file = await fx.write('paysim.csv', [HEADER, ...rows].join('\n') + '\n');
    const r = await collect({ dataset: 'paysim', file });
    expect(r.items).toHaveLength(rows.length);
    expect(r.items.map((i) => i.kind)).toEqual(['mapped', 'mapped', 'dead-letter', 'dead-letter', 'dead-letter', 'dead-letter', 'mapped']);
    const [amount, type, label, truncated] = r.deadLetters;
    expect(amount).toMatchObject({ stage: 'import', errorCode: IMPORT_ROW_CODES.invalidValue, field: 'amount', originalTopic: 'transactions' });
    expect(amount?.reason).toMatch(/amount is not a number: 'abc'/);
    expect(type).toMatchObject({ errorCode: IMPORT_ROW_CODES.invalidValue, field: 'type' });
    expect(type?.reason).toMatch(/BITCOIN/);
    expect(label).toMatchObject({ errorCode: IMPORT_ROW_CODES.missingLabel, field: 'isFraud' });
    expect(truncated).toMatchObject({ errorCode: IMPORT_ROW_CODES.columnCount });
    expect(truncated?.reason).toMatch(/5 fields but the header has 11/);
    // The original row bytes travel with the dead letter, line by line.
    expect(r.deadLetters.map(originalOf)).toEqual([rows[2], rows[3], rows[4], rows[5]]);
    expect(r.deadLetters.map((d) => d.offset)).toEqual(['4', '5', '6', '7']);
    for (const d of r.deadLetters) expect(validateRecord('dead-letters', JSON.stringify(d)).ok).toBe(true);
    const cashIn = r.events.find((e) => e.topic === 'transactions' && (e.event as EventOf<'transactions'>).originalType === 'CASH_IN')?.event as EventOf<'transactions'>;
    expect(cashIn).toMatchObject({ direction: 'in', channel: 'cash', amount: 100.5 });
    expect(r.events.filter((e) => e.topic === 'labels')).toHaveLength(1);
  });

  it('dead-letters an unbalanced quote (which swallows the rest of the file) instead of crashing', async () => {
    const rows = ['1,PAYMENT,10,C1000001,100,90,M1000001,0,0,0,0', '1,"PAYMENT,10,C2000002,100,90,M2000002,0,0,0,0', '1,PAYMENT,10,C3000003,100,90,M3000003,0,0,0,0'];
    const file = await fx.write('quote.csv', [HEADER, ...rows].join('\n') + '\n');
    const r = await collect({ dataset: 'paysim', file });
    expect(r.items[0]?.kind).toBe('mapped');
    expect(r.deadLetters.length).toBeGreaterThanOrEqual(1);
    expect(r.deadLetters[0]).toMatchObject({ errorCode: IMPORT_ROW_CODES.malformedCsv, errorClass: 'CsvError' });
    expect(originalOf(r.deadLetters[0] as never)).toContain('"PAYMENT');
    expect(r.items.filter((i) => i.kind === 'mapped').length + r.deadLetters.length).toBe(r.items.length);
  });

  it('dead-letters a row whose mapped event breaks the contract, with the contract issue', async () => {
    // 'C1' is too short for a bank_account: the contract check after mapping catches what the mapper let through.
    const file = await fx.write('short.csv', `${HEADER}\n1,PAYMENT,10,C1,100,90,M1000001,0,0,0,0\n`);
    const r = await collect({ dataset: 'paysim', file });
    expect(r.deadLetters).toHaveLength(1);
    expect(r.deadLetters[0]).toMatchObject({ errorCode: IMPORT_ROW_CODES.contractViolation, field: 'accountId' });
    expect(r.deadLetters[0]?.reason).toMatch(/accountId: invalid bank_account/);
  });

  it('rejects a file that is not PaySim, naming the missing columns', async () => {
    const file = await fx.write('other.csv', 'a,b,c\n1,2,3\n');
    await expect(collect({ dataset: 'paysim', file })).rejects.toThrow(/lacks step, type, amount/);
  });
});
