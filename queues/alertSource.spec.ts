import { describe, expect, it } from 'vitest';
import type { IncomingRecord } from '../pipelines/kafka/types.ts';
import { alertRecord, decodeAlertRecord } from './alertSource.ts';
import { makeAlert } from './testing/fixtures.ts';

const incoming = (value: string | null, headers: Record<string, string> = {}): IncomingRecord => ({
  topic: 'alerts', partition: 0, offset: '7', key: null, value: value === null ? null : Buffer.from(value), headers, timestamp: 0,
});

describe('alert records', () => {
  it('carry the detector\u2019s dedup key and cooldown in headers, both ways', () => {
    const alert = makeAlert();
    const out = alertRecord({ alert, dedupKey: `${alert.loanId}|missed_payment|i3`, cooldownSeconds: 86_400 });
    expect(out).toMatchObject({ topic: 'alerts', key: alert.loanId, headers: { 'fk-dedup-key': `${alert.loanId}|missed_payment|i3`, 'fk-cooldown-seconds': '86400' } });
    expect(decodeAlertRecord(incoming(String(out.value), { ...out.headers }))).toEqual({ alert, dedupKey: `${alert.loanId}|missed_payment|i3`, cooldownSeconds: 86_400 });
  });

  it('decode an alert without headers, and skip what is not a valid Alert', () => {
    const alert = makeAlert();
    expect(decodeAlertRecord(incoming(JSON.stringify(alert)))).toEqual({ alert });
    expect(decodeAlertRecord(incoming(JSON.stringify({ ...alert, severity: 'apocalyptic' })))).toBeNull();
    expect(decodeAlertRecord(incoming('{not json'))).toBeNull();
    expect(decodeAlertRecord(incoming(null))).toBeNull();
    expect(decodeAlertRecord(incoming(JSON.stringify(alert), { 'fk-cooldown-seconds': 'soon' }))).toEqual({ alert });
  });
});
