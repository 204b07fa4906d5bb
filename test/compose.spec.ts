/**
 * Static checks of the Docker stack (no Docker engine needed): docker-compose.yml, the Dockerfile,
 * and the files they mount, cross-checked against the code they deploy (lib/config.ts for the
 * processor's environment, schemas/topics.ts for the Kafka topics).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_SCHEMA, loadConfig } from '../lib/config.ts';
import { dlqTopicOf, INPUT_TOPICS, TOPICS } from '../schemas/topics.ts';

const REPO = new URL('..', import.meta.url).pathname;
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');

type Env = Record<string, string | undefined>;

interface Healthcheck {
  test?: string[] | string;
  disable?: boolean;
}
interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml')) as Compose;
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** Compose variable interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
function interpolate(value: string, env: Env): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (match, name: string, op: string | undefined, arg: string | undefined) => {
    if (match === '$$') return '$';
    const v = env[name];
    const missing = v === undefined || (op?.startsWith(':') === true && v === '');
    if (op === undefined) return v ?? '';
    if (op.endsWith('-')) return missing ? (arg ?? '') : (v as string);
    if (missing) throw new Error(`required variable ${name} is missing: ${arg ?? ''}`);
    return v as string;
  });
}

/** A service's environment after interpolation with the given host environment. */
function environmentOf(name: string, env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''), env)]));
}

interface PortMapping {
  hostIp: string | undefined;
  host: number;
  container: number;
}
function parsePort(spec: string): PortMapping {
  const parts = spec.split(':');
  const container = Number(parts.pop());
  const host = Number(parts.pop());
  return { hostIp: parts.pop(), host, container };
}

interface Mount {
  source: string;
  target: string;
  bind: boolean;
}
function parseVolume(spec: string): Mount {
  const [source = '', target = ''] = spec.split(':');
  return { source, target, bind: source.startsWith('.') || source.startsWith('/') };
}
const mountsOf = (name: string): Mount[] => (service(name).volumes ?? []).map(parseVolume);
const bindSourceFor = (name: string, target: string): string => {
  const mount = mountsOf(name).find((m) => m.target === target && m.bind);
  if (!mount) throw new Error(`${name} mounts nothing from the repository at ${target}`);
  return join(REPO, mount.source);
};

const testOf = (s: Service): string => (Array.isArray(s.healthcheck?.test) ? s.healthcheck.test.join(' ') : String(s.healthcheck?.test ?? ''));
const oneShot = (s: Service): boolean => s.restart === 'no';
const LONG_RUNNING = Object.entries(services).filter(([, s]) => !oneShot(s)).map(([name]) => name);

/** A host environment with only the required secret set. */
const HOST_ENV: Env = { FENGKONG_PII_KEY: 'a'.repeat(64) };

describe('docker-compose.yml services', () => {
  it('has the stack: Kafka (KRaft) and its topic init, Redis 8, ClickHouse, Grafana, the processor', () => {
    expect(Object.keys(services).sort()).toEqual(['clickhouse', 'grafana', 'kafka', 'kafka-init', 'processor', 'redis']);
    expect(service('kafka').image).toMatch(/^apache\/kafka:\d/);
    expect(service('kafka-init').image).toBe(service('kafka').image);
    expect(service('redis').image).toMatch(/^redis:8(\.|$)/);
    expect(service('clickhouse').image).toMatch(/^clickhouse\/clickhouse-server:\d/);
    expect(service('grafana').image).toMatch(/^grafana\/grafana:\d/);
    const kafka = environmentOf('kafka', HOST_ENV);
    expect(kafka.KAFKA_PROCESS_ROLES?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS).toMatch(new RegExp(`^${kafka.KAFKA_NODE_ID}@kafka:\\d+$`));
  });

  it('publishes each service on its port, on the loopback interface only', () => {
    const expected: Record<string, number> = {
      kafka: 9092, redis: 6379, clickhouse: 8123, grafana: 3000, processor: Number(environmentOf('processor', HOST_ENV).METRICS_PORT),
    };
    for (const [name, port] of Object.entries(expected)) {
      const mappings = (service(name).ports ?? []).map(parsePort);
      expect(mappings.map((m) => m.container), name).toContain(port);
      for (const m of mappings) expect(m.hostIp, `${name} publishes on every interface`).toBe('127.0.0.1');
    }
    // The published Kafka port is the listener advertised to host clients.
    const kafka = environmentOf('kafka', HOST_ENV);
    const published = (service('kafka').ports ?? []).map(parsePort)[0] as PortMapping;
    expect(kafka.KAFKA_LISTENERS).toMatch(new RegExp(`(^|,)EXTERNAL://:${published.container}(,|$)`));
    expect(kafka.KAFKA_ADVERTISED_LISTENERS).toMatch(new RegExp(`(^|,)EXTERNAL://localhost:${published.host}(,|$)`));
  });

  it('has a health check on every long-running service, probing the right thing', () => {
    expect(LONG_RUNNING.sort()).toEqual(['clickhouse', 'grafana', 'kafka', 'processor', 'redis']);
    for (const name of LONG_RUNNING) {
      const hc = service(name).healthcheck;
      expect(hc?.disable, name).not.toBe(true);
      expect(Array.isArray(hc?.test) && hc.test.length > 1, `${name} has no health check test`).toBe(true);
    }
    const internal = /INTERNAL:\/\/kafka:(\d+)/.exec(environmentOf('kafka', HOST_ENV).KAFKA_ADVERTISED_LISTENERS ?? '')?.[1];
    expect(testOf(service('kafka'))).toContain(`kafka-broker-api-versions.sh --bootstrap-server localhost:${internal}`);
    expect(testOf(service('redis'))).toMatch(/redis-cli ping/);
    expect(testOf(service('clickhouse'))).toMatch(/:8123\/ping/);
    expect(testOf(service('grafana'))).toMatch(/:3000\/api\/health/);
    expect(testOf(service('processor'))).toMatch(/\/readyz/);
    expect(testOf(service('processor'))).toMatch(/METRICS_PORT/);
  });

  it('starts services only once what they depend on is healthy (or, for one-shot jobs, completed)', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition } = {}] of Object.entries(s.depends_on ?? {})) {
        const target = service(dep);
        expect(condition, `${name} -> ${dep}`).toBe(oneShot(target) ? 'service_completed_successfully' : 'service_healthy');
        if (!oneShot(target)) expect(target.healthcheck, `${dep} has no health check to wait for`).toBeDefined();
      }
    }
    expect(Object.keys(service('processor').depends_on ?? {}).sort()).toEqual(['clickhouse', 'kafka', 'kafka-init', 'redis']);
    expect(Object.keys(service('kafka-init').depends_on ?? {})).toEqual(['kafka']);
    expect(Object.keys(service('grafana').depends_on ?? {})).toEqual(['clickhouse']);
  });

  it('keeps state in named volumes, all declared and all used', () => {
    const named = Object.values(services).flatMap((s) => (s.volumes ?? []).map(parseVolume)).filter((m) => !m.bind);
    const declared = Object.keys(compose.volumes ?? {});
    for (const m of named) expect(declared, `volume ${m.source} is not declared`).toContain(m.source);
    expect(new Set(named.map((m) => m.source))).toEqual(new Set(declared));
    expect(mountsOf('kafka').find((m) => m.target === environmentOf('kafka', HOST_ENV).KAFKA_LOG_DIRS)?.bind).toBe(false);
    expect(mountsOf('redis').find((m) => m.target === '/data')?.bind).toBe(false);
    expect(mountsOf('clickhouse').find((m) => m.target === '/var/lib/clickhouse')?.bind).toBe(false);
    expect(mountsOf('grafana').find((m) => m.target === '/var/lib/grafana')?.bind).toBe(false);
  });

  it('mounts only files and folders that exist in the repository', () => {
    const binds = Object.values(services).flatMap((s) => (s.volumes ?? []).map(parseVolume)).filter((m) => m.bind);
    expect(binds.length).toBeGreaterThan(0);
    for (const m of binds) expect(existsSync(join(REPO, m.source)), `${m.source} does not exist`).toBe(true);
    const build = service('processor').build;
    expect(existsSync(join(REPO, build?.context ?? '', build?.dockerfile ?? 'Dockerfile'))).toBe(true);
  });
});

describe('the processor environment', () => {
  const declared = Object.keys(ENV_SCHEMA.shape);

  it('sets only variables lib/config.ts declares', () => {
    const vars = Object.keys(service('processor').environment ?? {});
    expect(vars.length).toBeGreaterThan(0);
    for (const v of vars) expect(declared, `${v} is not in ENV_SCHEMA`).toContain(v);
    for (const v of ['KAFKA_BROKERS', 'REDIS_URL', 'CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'FENGKONG_PII_KEY', 'METRICS_PORT']) expect(vars).toContain(v);
  });

  it('requires FENGKONG_PII_KEY from the host: compose refuses to start without it', () => {
    expect(String(service('processor').environment?.FENGKONG_PII_KEY)).toMatch(/^\$\{FENGKONG_PII_KEY:\?.+\}$/);
    expect(() => environmentOf('processor', {})).toThrow(/FENGKONG_PII_KEY/);
  });

  it('is a valid configuration that points at the services of this file', () => {
    const env = environmentOf('processor', HOST_ENV);
    const config = loadConfig(env);
    expect(config.embedded).toBe(false);
    expect(config.piiKey).toBe(HOST_ENV.FENGKONG_PII_KEY);

    const kafka = environmentOf('kafka', HOST_ENV);
    expect(kafka.KAFKA_ADVERTISED_LISTENERS?.split(',')).toContain(`INTERNAL://${config.KAFKA_BROKERS}`);

    const redis = new URL(config.REDIS_URL ?? '');
    expect(redis.hostname).toBe('redis');
    const requirepass = service('redis').command?.[(service('redis').command?.indexOf('--requirepass') ?? -2) + 1] ?? '';
    expect(decodeURIComponent(redis.password)).toBe(interpolate(requirepass, HOST_ENV));
    expect(environmentOf('redis', HOST_ENV).REDISCLI_AUTH).toBe(decodeURIComponent(redis.password));

    const clickhouse = environmentOf('clickhouse', HOST_ENV);
    const url = new URL(config.CLICKHOUSE_URL ?? '');
    expect([url.hostname, url.port]).toEqual(['clickhouse', '8123']);
    expect(config.CLICKHOUSE_USER).toBe(clickhouse.CLICKHOUSE_USER);
    expect(config.CLICKHOUSE_PASSWORD).toBe(clickhouse.CLICKHOUSE_PASSWORD);
    expect(config.CLICKHOUSE_DATABASE).toBe(clickhouse.CLICKHOUSE_DB);
  });

  it('follows host overrides consistently (topic prefix, passwords)', () => {
    const env = { ...HOST_ENV, KAFKA_TOPIC_PREFIX: 'prod.', REDIS_PASSWORD: 'r3dis', CLICKHOUSE_PASSWORD: 'ch-secret' };
    const processor = loadConfig(environmentOf('processor', env));
    expect(processor.KAFKA_TOPIC_PREFIX).toBe('prod.');
    expect(environmentOf('kafka-init', env).TOPIC_PREFIX).toBe('prod.');
    expect(new URL(processor.REDIS_URL ?? '').password).toBe('r3dis');
    expect(environmentOf('clickhouse', env).CLICKHOUSE_PASSWORD).toBe('ch-secret');
    expect(processor.CLICKHOUSE_PASSWORD).toBe('ch-secret');
  });
});

describe('Kafka topics', () => {
  it('kafka-init creates every topic of schemas/topics.ts and a .dlq per input topic', () => {
    const env = environmentOf('kafka-init', HOST_ENV);
    expect(env.TOPICS?.split(/\s+/).sort()).toEqual(Object.keys(TOPICS).sort());
    expect(env.DLQ_TOPICS?.split(/\s+/).sort()).toEqual(INPUT_TOPICS.map(dlqTopicOf).sort());
    expect(env.BOOTSTRAP_SERVERS).toBe(environmentOf('processor', HOST_ENV).KAFKA_BROKERS);
  });

  it('runs the mounted script, which creates both lists idempotently', () => {
    const init = service('kafka-init');
    const scriptPath = init.entrypoint?.find((arg) => arg.endsWith('.sh')) ?? '';
    const script = readFileSync(bindSourceFor('kafka-init', scriptPath), 'utf8');
    expect(script).toMatch(/for topic in \$TOPICS/);
    expect(script).toMatch(/for topic in \$DLQ_TOPICS/);
    expect(script).toContain('--if-not-exists');
    expect(init.restart).toBe('no');
    // Topics come only from the init job.
    expect(environmentOf('kafka', HOST_ENV).KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
  });
});

describe('Grafana provisioning', () => {
  const datasourceDir = bindSourceFor('grafana', '/etc/grafana/provisioning/datasources');
  const dashboardDir = bindSourceFor('grafana', '/etc/grafana/provisioning/dashboards');
  const yamlFiles = (dir: string): unknown[] =>
    readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => parse(readFileSync(join(dir, f), 'utf8')) as unknown);

  interface Datasource {
    uid?: string;
    type?: string;
    jsonData?: Record<string, unknown>;
    secureJsonData?: Record<string, string>;
  }
  const datasources = yamlFiles(datasourceDir).flatMap((d) => (d as { datasources?: Datasource[] }).datasources ?? []);
  const clickhouse = datasources.find((d) => d.uid === 'fengkong-clickhouse');

  it('provisions the ClickHouse data source with the fixed uid dashboards reference', () => {
    expect(clickhouse?.type).toBe('grafana-clickhouse-datasource');
    expect(clickhouse?.jsonData?.host).toBe('clickhouse');
    expect(services[String(clickhouse?.jsonData?.host)]).toBeDefined();
    expect(clickhouse?.jsonData?.defaultDatabase).toBe(environmentOf('clickhouse', HOST_ENV).CLICKHOUSE_DB);
    expect(environmentOf('grafana', HOST_ENV).GF_PLUGINS_PREINSTALL_SYNC?.split(',')).toContain('grafana-clickhouse-datasource');
  });

  it('queries as the read-only grafana user, whose password both containers get from one variable', () => {
    expect(clickhouse?.jsonData?.username).toBe('grafana');
    const ref = /^\$\{?([A-Z_][A-Z0-9_]*)\}?$/.exec(clickhouse?.secureJsonData?.password ?? '')?.[1];
    expect(ref, 'password must come from the environment, not the file').toBeDefined();
    const grafanaEnv = environmentOf('grafana', HOST_ENV);
    const clickhouseEnv = environmentOf('clickhouse', HOST_ENV);
    expect(grafanaEnv[ref as string]).toBeDefined();

    const usersXml = readFileSync(bindSourceFor('clickhouse', '/etc/clickhouse-server/users.d/grafana.xml'), 'utf8');
    const user = /<grafana>([\s\S]*?)<\/grafana>/.exec(usersXml)?.[1] ?? '';
    const fromEnv = /<password from_env="([A-Z_][A-Z0-9_]*)"\s*\/>/.exec(user)?.[1];
    expect(clickhouseEnv[fromEnv as string]).toBe(grafanaEnv[ref as string]);

    const profileName = /<profile>([\w-]+)<\/profile>/.exec(user)?.[1] ?? '';
    const profile = new RegExp(`<${profileName}>([\\s\\S]*?)</${profileName}>`).exec(usersXml)?.[1] ?? '';
    expect(profile).toMatch(/<readonly>1<\/readonly>/);
    // The plugin sets max_execution_time on every query; readonly=1 must still allow that one.
    expect(profile).toMatch(/<max_execution_time>[^<]*<min>[\s\S]*<changeable_in_readonly\/>[\s\S]*<\/max_execution_time>/);
    const grants = Array.from(user.matchAll(/<query>([^<]+)<\/query>/g)).map((m) => (m[1] as string).trim());
    expect(grants).toEqual([`GRANT SELECT ON ${String(clickhouse?.jsonData?.defaultDatabase)}.*`]);

    const accessXml = readFileSync(bindSourceFor('clickhouse', '/etc/clickhouse-server/config.d/access-control.xml'), 'utf8');
    expect(accessXml).toMatch(/<settings_constraints_replace_previous>true<\/settings_constraints_replace_previous>/);
  });

  it('provisions dashboards from the repository\u2019s dashboards/ folder, read-only in the UI', () => {
    interface Provider {
      type?: string;
      allowUiUpdates?: boolean;
      options?: { path?: string };
    }
    const providers = yamlFiles(dashboardDir).flatMap((d) => (d as { providers?: Provider[] }).providers ?? []);
    expect(providers.length).toBeGreaterThan(0);
    const dashboardsMount = mountsOf('grafana').find((m) => m.source === './dashboards');
    expect(dashboardsMount).toBeDefined();
    expect(statSync(join(REPO, 'dashboards')).isDirectory()).toBe(true);
    for (const p of providers) {
      expect(p.type).toBe('file');
      expect(p.allowUiUpdates).toBe(false);
      expect(p.options?.path).toBe(dashboardsMount?.target);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');

  it('builds on node:20-slim with the Kafka client linked dynamically against apt libraries', () => {
    expect(instructions).toMatch(/ARG NODE_IMAGE=node:20-slim/);
    expect((instructions.match(/^FROM \$\{NODE_IMAGE\}/gm) ?? []).length).toBe(2);
    expect(instructions).toMatch(/ENV CKJS_LINKING=dynamic/);
    expect(instructions).toMatch(/npm ci\b/);
    for (const pkg of ['build-essential', 'python3', 'libssl-dev', 'libsasl2-dev', 'libzstd-dev', 'liblz4-dev', 'zlib1g-dev']) expect(instructions).toContain(pkg);
    // The runtime stage has the shared libraries the built module links against.
    for (const pkg of ['libssl3', 'libsasl2-2', 'libzstd1', 'liblz4-1']) expect(instructions).toContain(pkg);
    expect(instructions).toMatch(/require\('@confluentinc\/kafka-javascript'\)/);
    expect(instructions).toMatch(/^USER node$/m);
  });

  it('runs a bin script that exists, the same command as npm start', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(instructions)?.[1];
    const argv = JSON.parse(cmd ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    expect(argv[1]).toMatch(/^bin\//);
    expect(existsSync(join(REPO, argv[1] ?? ''))).toBe(true);
    const pkg = JSON.parse(read('package.json')) as { scripts?: Record<string, string>; bin?: Record<string, string> };
    expect(pkg.scripts?.start).toBe(argv.join(' '));
    expect(Object.values(pkg.bin ?? {})).toContain(argv[1]);
  });

  it('.dockerignore keeps secrets and local state out, and the runtime sources in', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const p of ['.env', '.git', 'node_modules', 'data']) expect(ignored).toContain(p);
    for (const p of ['bin', 'cli', 'lib', 'schemas', 'pipelines', 'config', 'migrations', 'package.json', 'package-lock.json', '.npmrc']) {
      expect(ignored, `${p} is needed at run time`).not.toContain(p);
    }
  });
});
