/** TLS and SASL settings reach both client libraries in the shape each one expects. */
import { describe, expect, it } from 'vitest';
import { confluentClientInstalled, confluentConfig } from './confluent.ts';
import { kafkajsConfig } from './kafkajs.ts';
import type { KafkaConnectionOptions } from './types.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const secured: KafkaConnectionOptions = {
  brokers: ['k1:9093', 'k2:9093'],
  clientId: 'scorer',
  ssl: true,
  sslCaPem: PEM,
  sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 'pw' },
};

const confluentInstalled = confluentClientInstalled();

describe('kafkajsConfig', () => {
  it('passes the CA as the TLS trust store and the SASL credentials', () => {
    const config = kafkajsConfig(secured);
    expect(config.brokers).toEqual(['k1:9093', 'k2:9093']);
    expect(config.ssl).toEqual({ ca: [PEM] });
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'svc', password: 'pw' });
  });

  it('uses plain TCP when nothing asks for TLS', () => {
    const config = kafkajsConfig({ brokers: ['k:9092'], clientId: 'c' });
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
  });
});

describe.skipIf(!confluentInstalled)('confluentConfig', () => {
  it('switches TLS on in the kafkaJS block and gives librdkafka the CA as PEM', () => {
    const config = confluentConfig(secured) as { kafkaJS: Record<string, unknown>; 'ssl.ca.pem'?: string };
    expect(config.kafkaJS).toMatchObject({ brokers: ['k1:9093', 'k2:9093'], clientId: 'scorer', ssl: true, sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 'pw' } });
    expect(config['ssl.ca.pem']).toBe(PEM);
  });

  it('uses plain TCP when nothing asks for TLS', () => {
    const config = confluentConfig({ brokers: ['k:9092'], clientId: 'c' }) as { kafkaJS: Record<string, unknown> };
    expect(config.kafkaJS.ssl).toBeUndefined();
    expect(config.kafkaJS.sasl).toBeUndefined();
    expect(config).not.toHaveProperty('ssl.ca.pem');
  });
});
