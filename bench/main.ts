/**
 * `npm run bench -- <part>`: runs bench/<part>.ts. Each part starts what it needs, prints its
 * results as `<part>.<metric>: <value>` lines on stdout and progress on stderr.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('./', import.meta.url));
const parts = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'main.ts' && !f.endsWith('.spec.ts')).map((f) => f.slice(0, -3)).sort();
const part = process.argv[2];
if (!part || !/^[a-z][a-z0-9-]*$/.test(part) || !existsSync(`${dir}${part}.ts`)) {
  console.error(`usage: npm run bench -- <part>\nparts: ${parts.join(', ') || '(none)'}`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(`${dir}${part}.ts`).href);
