import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../schemas/validator.ts';
import type { EventOf } from '../schemas/topics.ts';
import { IMPORT_ROW_CODES } from './errors.ts';
import { lenderId } from './sba.ts';
import { PUBLIC_FILES } from './publicData.ts';
import { collect, fixtureDir, originalOf, readDataText, type CollectedImport } from './testHelpers.ts';

type Row = Record<string, string>;
const rowsOf = (path: string): Row[] => parse(readDataText(path), { columns: true, bom: true }) as Row[];
const apps = (r: CollectedImport) => r.events.filter((e) => e.topic === 'applications').map((e) => e.event as EventOf<'applications'>);
const labels = (r: CollectedImport) => r.events.filter((e) => e.topic === 'labels').map((e) => e.event as EventOf<'labels'>);

describe.each([
  ['SBAnational.csv.xz', PUBLIC_FILES.sbaNational],
  ['SBAcase.11.13.17.csv', PUBLIC_FILES.sbaCase],
])('SBA %s (../shared/data)', (_name, path) => {
  let result: CollectedImport;
  let source: Row[];
  beforeAll(async () => {
    result = await collect({ dataset: 'sba', file: path });
    source = rowsOf(path);
  });

  it('accounts for every row: rows = applications + dead letters, and all output validates', () => {
    expect(result.items).toHaveLength(source.length);
    expect(apps(result).length + result.deadLetters.length).toBe(source.length);
    for (const e of result.events) expect(validateRecord(e.topic, e.json).ok, e.json.slice(0, 200)).toBe(true);
    for (const d of result.deadLetters) {
      expect(validateRecord('dead-letters', JSON.stringify(d)).ok).toBe(true);
      expect(d.reason.length).toBeGreaterThan(0);
    }
  });

  it('labels every mapped CHGOFF loan as a default on its ChgOffDate, after the application, and nothing else', () => {
    const byId = new Map(source.map((r) => [r.LoanNr_ChkDgt, r]));
    const mapped = apps(result);
    const chargedOff = mapped.filter((a) => byId.get(a.applicationId.split(':').pop() ?? '')?.MIS_Status === 'CHGOFF');
    expect(labels(result)).toHaveLength(chargedOff.length);
    const appTime = new Map(mapped.map((a) => [a.applicationId, Date.parse(a.eventTime)]));
    for (const l of labels(result)) {
      expect(l.kind).toBe('default');
      expect(Date.parse(l.occurredAt)).toBeGreaterThanOrEqual(appTime.get(l.applicationId ?? '') ?? Infinity);
    }
  });

  it('dates applications inside their fiscal year (October of FY-1 to September of FY)', () => {
    const byId = new Map(source.map((r) => [r.LoanNr_ChkDgt, r]));
    for (const a of apps(result)) {
      const fy = Number((byId.get(a.applicationId.split(':').pop() ?? '')?.ApprovalFY ?? '').replace(/A$/, ''));
      const t = new Date(a.eventTime);
      const fyOfDate = t.getUTCMonth() >= 9 ? t.getUTCFullYear() + 1 : t.getUTCFullYear();
      // A handful of SBA records are booked a few days across the fiscal-year boundary.
      expect(Math.abs(fyOfDate - fy), `${a.applicationId} ${a.eventTime} FY${fy}`).toBeLessThanOrEqual(1);
    }
  });

  it('carries Term and GrAppv as requested term and amount, and the enterprise attributes', () => {
    const byId = new Map(source.map((r) => [r.LoanNr_ChkDgt, r]));
    for (const a of apps(result).slice(0, 500)) {
      const r = byId.get(a.applicationId.split(':').pop() ?? '') as Row;
      expect(a.requestedTermMonths).toBe(Number(r.Term));
      expect(a.requestedAmount).toBe(Number(r.GrAppv));
      expect(a.enterprise?.employees).toBe(Number(r.NoEmp));
      expect(a.enterprise?.region).toBe(r.State);
      if (r.NAICS !== '0') expect(a.enterprise?.industryCode).toBe(r.NAICS);
      if (r.NewExist === '2') expect(a.enterprise?.isNewBusiness).toBe(true);
    }
  });

  it('gives every loan its own synthetic identifiers (no accidental sharing for the graph to find)', () => {
    const mapped = apps(result);
    for (const pick of [(a: EventOf<'applications'>) => a.enterpriseId, (a: EventOf<'applications'>) => a.applicant.idNumber,
      (a: EventOf<'applications'>) => a.applicant.phone, (a: EventOf<'applications'>) => a.declaredCompanyPhone,
      (a: EventOf<'applications'>) => a.deviceId, (a: EventOf<'applications'>) => a.ip, (a: EventOf<'applications'>) => a.address]) {
      expect(new Set(mapped.map(pick)).size).toBe(mapped.length);
    }
  });
});

const HEADER = 'LoanNr_ChkDgt,Name,City,State,Zip,Bank,BankState,NAICS,ApprovalDate,ApprovalFY,Term,NoEmp,NewExist,CreateJob,RetainedJob,FranchiseCode,UrbanRural,RevLineCr,LowDoc,ChgOffDate,DisbursementDate,DisbursementGross,MIS_Status,ChgOffPrinGr,GrAppv,SBA_Appv';

describe('SBA malformed rows', () => {
  let fx: Awaited<ReturnType<typeof fixtureDir>>;
  beforeAll(async () => {
    fx = await fixtureDir();
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('dead-letters each bad row with its reason, maps the rest, never throws', async () => {
    const rows = [
      '1000014003,ABC HOBBYCRAFT,EVANSVILLE,IN,47711,FIFTH THIRD BANK,OH,451120,2/28/1997,1997,84,4,2,0,0,1,0,N,Y,,2/28/1999,60000,P I F,0,60000,48000',
      '1000093009,"WHITLOCK DDS, TODD M.",BLOOMINGTON,IN,47401,BANK,IN,0,6/2/1980,1980,60,7,1,0,0,1,1,Y,N,24-Jun-91,7/22/1980,287000,CHGOFF,1000,287000,215250',
      '1000024006,BAD AMOUNT,NEW PARIS,IN,46526,BANK,IN,722410,2/28/1997,1997,60,2,2,0,0,1,0,N,Y,,5/31/1997,40000,P I F,0,forty,32000',
      '1000034009,NO LABEL,BLOOMINGTON,IN,47401,BANK,IN,621210,2/28/1997,1997,180,7,1,0,0,1,0,N,N,,12/31/1997,287000,,0,287000,215250',
      '1000044001,ZERO TERM,BROKEN ARROW,OK,74012,BANK,OK,0,2/28/1997,1997,0,2,2,0,0,1,0,N,Y,1-Mar-99,6/30/1998,35000,CHGOFF,35000,35000,28000',
      '1000054004,TRUNCATED,ORLANDO,FL,32801,BANK',
      '1000014003,DUPLICATE,EVANSVILLE,IN,47711,BANK,OH,451120,2/28/1997,1997,84,4,2,0,0,1,0,N,Y,,2/28/1999,60000,P I F,0,60000,48000',
    ];
    const file = await fx.write('sba.csv', [HEADER, ...rows].join('\r\n') + '\r\n');
    const r = await collect({ dataset: 'sba', file });
    expect(r.items.map((i) => i.kind)).toEqual(['mapped', 'mapped', 'dead-letter', 'dead-letter', 'dead-letter', 'dead-letter', 'dead-letter']);
    expect(r.deadLetters.map((d) => [d.errorCode, d.field ?? null])).toEqual([
      [IMPORT_ROW_CODES.invalidValue, 'GrAppv'],
      [IMPORT_ROW_CODES.missingLabel, 'MIS_Status'],
      [IMPORT_ROW_CODES.outOfContract, 'Term'],
      [IMPORT_ROW_CODES.columnCount, null],
      [IMPORT_ROW_CODES.duplicateId, 'LoanNr_ChkDgt'],
    ]);
    expect(r.deadLetters.map(originalOf)).toEqual(rows.slice(2));
    const [pif, chgoff] = apps(r);
    expect(pif).toMatchObject({ product: 'term_loan', requestedTermMonths: 84, requestedAmount: 60000, enterprise: { isNewBusiness: true, isFranchise: false, urbanRural: 'unknown', industryCode: '451120' } });
    expect(chgoff).toMatchObject({ product: 'working_capital', enterpriseName: 'WHITLOCK DDS, TODD M.', enterprise: { isNewBusiness: false, urbanRural: 'urban' } });
    expect(chgoff?.enterprise?.industryCode).toBeUndefined();
    // Two-digit charge-off year: the first century not before the approval (1980) → 1991.
    expect(labels(r)).toEqual([expect.objectContaining({ kind: 'default', applicationId: chgoff?.applicationId, occurredAt: '1991-06-24T00:00:00.000Z' })]);
  });

  it('dead-letters a CHGOFF without ChgOffDate and a Default column that contradicts MIS_Status', async () => {
    const header = `Selected,${HEADER},Default`;
    const rows = [
      '1,1000014003,NO DATE,EVANSVILLE,IN,47711,BANK,OH,451120,15074,2001,84,4,2,0,0,1,0,N,Y,,15095,60000,CHGOFF,0,60000,48000,1',
      '0,1000024006,CONTRADICTION,NEW PARIS,IN,46526,BANK,IN,722410,15074,2001,60,2,2,0,0,1,0,N,Y,,15095,40000,P I F,0,40000,32000,1',
      '0,1000034009,DAY NUMBERS,BLOOMINGTON,IN,47401,BANK,IN,621210,15074,2001,180,7,1,0,0,1,0,N,N,15800,15095,287000,CHGOFF,0,287000,215250,1',
    ];
    const file = await fx.write('case.csv', '\ufeff' + [header, ...rows].join('\n') + '\n');
    const r = await collect({ dataset: 'sba', file });
    expect(r.deadLetters.map((d) => d.field)).toEqual(['ChgOffDate', 'Default']);
    expect(r.deadLetters[1]?.reason).toMatch(/contradict/);
    // Day numbers count from 1960-01-01: 15074 is 2001-04-09.
    expect(apps(r)[0]?.eventTime).toBe('2001-04-09T00:00:00.000Z');
    expect(labels(r)[0]?.occurredAt).toBe(new Date(Date.UTC(1960, 0, 1 + 15800)).toISOString());
  });

  it('carries the SBA-guaranteed share and the lender\u2019s state; a guarantee above the amount is dead-lettered', async () => {
    const rows = [
      '1000014003,IN STATE,EVANSVILLE,IN,47711,BANK,IN,451120,2/28/1997,1997,84,4,2,0,0,1,0,N,Y,,2/28/1999,60000,P I F,0,60000,45000',
      '1000024006,OUT OF STATE,NEW PARIS,IN,46526,BANK,OH,722410,2/28/1997,1997,60,2,2,0,0,1,0,N,Y,,5/31/1997,40000,P I F,0,40000,20000',
      '1000034009,NO BANK STATE,BLOOMINGTON,IN,47401,BANK,,621210,2/28/1997,1997,180,7,1,0,0,1,0,N,N,,12/31/1997,287000,P I F,0,287000,',
      '1000044001,OVER GUARANTEED,BROKEN ARROW,OK,74012,BANK,OK,0,2/28/1997,1997,84,2,2,0,0,1,0,N,Y,,6/30/1998,35000,P I F,0,35000,35001',
    ];
    const file = await fx.write('guarantee.csv', [HEADER, ...rows].join('\n') + '\n');
    const r = await collect({ dataset: 'sba', file });
    expect(apps(r).map((a) => [a.guaranteedShare ?? null, a.lenderRegion ?? null, a.enterprise?.region])).toEqual([
      [0.75, 'IN', 'IN'],
      [0.5, 'OH', 'IN'],
      [null, null, 'IN'],
    ]);
    expect(r.deadLetters.map((d) => [d.errorCode, d.field])).toEqual([[IMPORT_ROW_CODES.invalidValue, 'SBA_Appv']]);
    expect(r.deadLetters[0]?.reason).toMatch(/35001 is more than the 35000 approved/);
  });

  it('names the lending bank as the originator of the application and of its default label', async () => {
    const rows = [
      '1000014003,FIRST,EVANSVILLE,IN,47711,"Bank of America, Natl. Assoc.",IN,451120,2/28/1997,1997,84,4,2,0,0,1,0,N,Y,,2/28/1999,60000,P I F,0,60000,45000',
      '1000024006,SECOND,NEW PARIS,IN,46526,BANK OF AMERICA NATL ASSOC,IN,722410,2/28/1997,1997,60,2,2,0,0,1,0,N,Y,1-Mar-99,5/31/1997,40000,CHGOFF,40000,40000,20000',
      '1000034009,NO BANK,BLOOMINGTON,IN,47401,,IN,621210,2/28/1997,1997,180,7,1,0,0,1,0,N,N,,12/31/1997,287000,P I F,0,287000,215250',
    ];
    const file = await fx.write('lender.csv', [HEADER, ...rows].join('\n') + '\n');
    const r = await collect({ dataset: 'sba', file });
    // Spellings that differ in case and punctuation are one lender.
    expect(apps(r).map((a) => a.originatorId ?? null)).toEqual(['sba-lender:BANK-OF-AMERICA-NATL-ASSOC', 'sba-lender:BANK-OF-AMERICA-NATL-ASSOC', null]);
    expect(labels(r).map((l) => l.originatorId)).toEqual(['sba-lender:BANK-OF-AMERICA-NATL-ASSOC']);
    expect(lenderId('  --- ')).toBeNull();
    expect(lenderId('x'.repeat(300))?.length).toBe(128);
  });
});
