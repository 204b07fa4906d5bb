import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { ConfigError } from '../../lib/errors.ts';
import { kafkaOptionsFromConfig, topicName } from './factory.ts';

const base = { FENGKONG_PII_KEY: 'test-key-0123456789abcdef' };

describe('kafkaOptionsFromConfig', () => {
  it('splits and trims the broker list and keeps plaintext without TLS settings', () => {
    const options = kafkaOptionsFromConfig(loadConfig({ ...base, KAFKA_BROKERS: ' k1:9092, k2:9092 ,' }), 'scorer');
    expect(options).toEqual({ brokers: ['k1:9092', 'k2:9092'], clientId: 'scorer' });
  });

  it('reads the CA file and turns TLS on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-ca-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const options = kafkaOptionsFromConfig(loadConfig({ ...base, KAFKA_BROKERS: 'k1:9093', KAFKA_SSL_CA_FILE: caFile }), 'c');
    expect(options.ssl).toBe(true);
    expect(options.sslCaPem).toContain('BEGIN CERTIFICATE');
  });

  it('passes SASL credentials through', () => {
    const options = kafkaOptionsFromConfig(
      loadConfig({ ...base, KAFKA_BROKERS: 'k1:9093', KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' }),
      'c',
    );
    expect(options).toMatchObject({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' } });
  });

  it('names the missing variable', () => {
    expect(() => kafkaOptionsFromConfig(loadConfig({}), 'c')).toThrow(/KAFKA_BROKERS/);
    expect(() => kafkaOptionsFromConfig(loadConfig({ ...base, KAFKA_BROKERS: 'k:1', KAFKA_SASL_MECHANISM: 'plain' }), 'c')).toThrow(ConfigError);
    expect(() => kafkaOptionsFromConfig(loadConfig({ ...base, KAFKA_BROKERS: 'k:1', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }), 'c')).toThrow(/KAFKA_SSL_CA_FILE/);
  });
});

describe('topicName', () => {
  it('applies KAFKA_TOPIC_PREFIX', () => {
    expect(topicName(loadConfig({ KAFKA_TOPIC_PREFIX: 'prod.' }), 'transactions')).toBe('prod.transactions');
    expect(topicName(loadConfig({}), 'transactions')).toBe('transactions');
  });
});
