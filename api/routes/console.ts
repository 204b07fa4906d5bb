/**
 * The web console: a handful of static files (plain HTML, JS and CSS, no build step) served from
 * console/. Only the files listed here are served, so no path can reach outside the folder.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { QueueApiDeps } from '../deps.ts';

const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

export const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

export async function registerConsoleRoutes(app: FastifyInstance, deps: QueueApiDeps): Promise<void> {
  const dir = deps.consoleDir ?? CONSOLE_DIR;
  const serve = async (file: string, reply: import('fastify').FastifyReply) => {
    const type = FILES[file];
    if (!type) return reply.code(404).send({ error: 'fengkong:not-found', message: 'no such console file' });
    const body = await readFile(`${dir}${file}`);
    return reply
      .type(type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
      .header('x-content-type-options', 'nosniff')
      .send(body);
  };
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', { schema: { hide: true } }, async (_request, reply) => serve('index.html', reply));
  app.get<{ Params: { file: string } }>('/console/:file', { schema: { hide: true } }, async (request, reply) => serve(request.params.file, reply));
}
