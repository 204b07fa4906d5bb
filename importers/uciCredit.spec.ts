import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../schemas/validator.ts';
import type { EventOf } from '../schemas/topics.ts';
import { IMPORT_ROW_CODES } from './errors.ts';
import { PUBLIC_FILES } from './publicData.ts';
import { collect, fixtureDir, originalOf, readDataText, type CollectedImport } from './testHelpers.ts';
import { statusToKind, UCI_LABEL_TIME } from './uciCredit.ts';

const HEADER = 'ID,LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default.payment.next.month';
const repayments = (r: CollectedImport) => r.events.filter((e) => e.topic === 'repayments').map((e) => e.event as EventOf<'repayments'>);

describe('UCI credit default (../shared/data, CR line endings)', () => {
  let result: CollectedImport;
  let rows: string[][];
  beforeAll(async () => {
    result = await collect({ dataset: 'uci-credit', file: PUBLIC_FILES.uciCredit });
    rows = readDataText(PUBLIC_FILES.uciCredit).split(/\r\n|\r|\n/).filter((l) => l !== '').slice(1).map((l) => l.split(','));
  });

  it('accounts for every client and validates everything', () => {
    expect(result.items).toHaveLength(rows.length);
    const mapped = result.items.filter((i) => i.kind === 'mapped').length;
    expect(mapped + result.deadLetters.length).toBe(rows.length);
    // loan_opened + six months per mapped client.
    expect(repayments(result)).toHaveLength(mapped * 7);
    for (const e of result.events) expect(validateRecord(e.topic, e.json).ok, e.json.slice(0, 200)).toBe(true);
  });

  it('labels exactly the clients with default.payment.next.month = 1, after their last month', () => {
    const defaults = rows.filter((r) => r[24] === '1').length;
    const labels = result.events.filter((e) => e.topic === 'labels').map((e) => e.event as EventOf<'labels'>);
    expect(labels).toHaveLength(defaults);
    const lastRepayment = repayments(result).reduce((max, e) => Math.max(max, Date.parse(e.eventTime)), 0);
    for (const l of labels) expect(Date.parse(l.eventTime)).toBeGreaterThan(lastRepayment);
    expect(labels[0]?.eventTime).toBe(UCI_LABEL_TIME);
  });

  it('turns the first client\u2019s six statuses into days past due, oldest month first', () => {
    const first = rows[0] as string[];
    const events = repayments(result).filter((e) => e.loanId === result.events[0]?.event.eventId.replace(/:opened$/, ''));
    expect(events[0]).toMatchObject({ kind: 'loan_opened', principal: Number(first[1]) });
    // PAY_6 (April) … PAY_0 (September) are columns 11 … 6.
    const statuses = [11, 10, 9, 8, 7, 6].map((i) => Number(first[i]));
    expect(events.slice(1).map((e) => e.daysPastDue)).toEqual(statuses.map((s) => Math.max(0, s) * 30));
    expect(events.slice(1).map((e) => e.amountPaid)).toEqual([23, 22, 21, 20, 19, 18].map((i) => Number(first[i])));
  });
});

describe('UCI status codes', () => {
  it('maps -2 to a status update, -1 to paid, 0 (revolving) to partial and n to n months late', () => {
    expect(statusToKind(-2)).toEqual({ kind: 'dpd_update', daysPastDue: 0 });
    expect(statusToKind(-1)).toEqual({ kind: 'paid', daysPastDue: 0 });
    expect(statusToKind(0)).toEqual({ kind: 'partial', daysPastDue: 0 });
    expect(statusToKind(3)).toEqual({ kind: 'missed', daysPastDue: 90 });
  });
});

describe('UCI malformed rows', () => {
  let fx: Awaited<ReturnType<typeof fixtureDir>>;
  beforeAll(async () => {
    fx = await fixtureDir();
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('dead-letters bad statuses, amounts, labels and truncated lines; maps the rest', async () => {
    const rows = [
      '1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1',
      '2,120000,2,2,2,26,abc,2,0,0,0,2,2682,1725,2682,3272,3455,3261,0,1000,1000,1000,0,2000,1',
      '3,90000,2,2,2,34,0,0,0,0,0,0,29239,14027,13559,14331,14948,15549,1518,1500,1000,1000,1000,n/a,0',
      '4,50000,2,2,1,37,0,0,0,0,0,0,46990,48233,49291,28314,28959,29547,2000,2019,1200,1100,1069,1000,',
      '5,50000,1,2,1,57,-1,0,-1,0,0',
      '6,50000,1,1,2,37,0,0,0,0,0,0,-200,5670,35835,20940,19146,19131,2000,36681,10000,9000,689,679,0',
    ];
    // CR-only line endings, as the shipped copy has.
    const file = await fx.write('uci.csv', [HEADER, ...rows].join('\r') + '\r');
    const r = await collect({ dataset: 'uci-credit', file });
    expect(r.items.map((i) => i.kind)).toEqual(['mapped', 'dead-letter', 'dead-letter', 'dead-letter', 'dead-letter', 'mapped']);
    expect(r.deadLetters.map((d) => [d.errorCode, d.field ?? null])).toEqual([
      [IMPORT_ROW_CODES.invalidValue, 'PAY_0'],
      [IMPORT_ROW_CODES.invalidValue, 'PAY_AMT6'],
      [IMPORT_ROW_CODES.missingLabel, 'default.payment.next.month'],
      [IMPORT_ROW_CODES.columnCount, null],
    ]);
    expect(r.deadLetters.map(originalOf)).toEqual(rows.slice(1, 5));
    // A negative bill (credit balance) leaves nothing due.
    const september = repayments(r).find((e) => e.eventId.endsWith(':6:2005-09'));
    expect(september).toMatchObject({ amountDue: 0, outstandingPrincipal: 0, amountPaid: 2000, kind: 'partial' });
  });
});
