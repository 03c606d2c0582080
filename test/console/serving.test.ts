import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_BUILD, consoleRoutes } from '../../src/http/console.js';
import type { Roster } from '../../src/services/context.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );

/** `roster serve` serves the built console (npm run build) at /admin, with its CSP, and index.html for its routes. */
describe(`the console's files (${ENGINE})`, () => {
  let server: TestServer;
  const get = (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers });
  const script = readdirSync(join(CONSOLE_BUILD, 'assets')).find((name) => /^index-.*\.js$/.test(name))!;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('answers /admin and every page below it with index.html, which loads only files of the build', async () => {
    for (const url of [
      '/admin',
      '/admin/',
      '/admin/users',
      '/admin/users/kp_0123456789abcdef0123456789abcdef?tab=activity',
      '/admin/callback?code=x&state=y',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toContain('<div id="root"></div>');
    }
    const html = (await get('/admin/users')).body;
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, body] of scripts) {
      expect(body, 'no inline script').toBe('');
      expect(tag).toMatch(/ src="\/admin\/assets\/[\w.-]+\.js"/);
    }
    expect(html).not.toMatch(/(src|href)="\.\//);
  });

  it('sends a strict Content-Security-Policy whose style nonce is new on every page and matches the page', async () => {
    const first = await get('/admin');
    const policy = directives(String(first.headers['content-security-policy']));
    expect(policy).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
    });
    expect(JSON.stringify(policy)).not.toContain('unsafe');
    const nonce = /^'nonce-([\w+/=]+)'$/.exec(policy['style-src']![1]!)![1];
    expect(first.body).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
    expect(first.body).not.toContain('__ROSTER_CSP_NONCE__');
    expect(first.headers['x-frame-options']).toBe('DENY');
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    const second = directives(String((await get('/admin')).headers['content-security-policy']));
    expect(second['style-src']).not.toEqual(policy['style-src']);
  });

  it('serves the built files for a year, gzipped when asked', async () => {
    const plain = await get(`/admin/assets/${script}`);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzipped = await get(`/admin/assets/${script}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect((await server.app.inject({ method: 'HEAD', url: '/admin' })).statusCode).toBe(200);
  });

  it('answers a missing file with 404, not the app', async () => {
    for (const url of ['/admin/assets/missing.js', '/admin/favicon.ico']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('<div id="root">');
    }
  });

  it('leaves /admin/setup to the first-admin page, which is not the console', async () => {
    for (const url of ['/admin/setup', '/admin/setup?token=x']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.body).toContain('This setup link is not valid');
      expect(response.body).not.toContain('<div id="root">');
    }
    const below = await get('/admin/setup/done');
    expect(below.statusCode).toBe(404);
    expect(below.body).not.toContain('<div id="root">');
  });

  it('is not part of the Management API document', async () => {
    const document = JSON.parse((await get('/api/v1/openapi.json')).body) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/admin'))).toEqual([]);
  });
});

describe('the console behind an issuer with a path', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ issuer: 'http://127.0.0.1:3000/auth' });
  });
  afterAll(() => server.close());

  it('points index.html at the files under the issuer path', async () => {
    const html = (await server.app.inject({ method: 'GET', url: '/admin/users' })).body;
    expect(html).toMatch(/<script type="module" crossorigin src="\/auth\/admin\/assets\/index-[\w-]+\.js"/);
    expect(html).toMatch(/href="\/auth\/admin\/assets\/index-[\w-]+\.css"/);
  });
});

describe('a server without a built console', () => {
  it('says how to build it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'roster-console-'));
    const app = Fastify();
    consoleRoutes(app, { config: { issuer: 'http://localhost:3000' } } as Roster, { folder });
    const response = await app.inject({ method: 'GET', url: '/admin/users' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toBe('The admin console is not built: run npm run build.');
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  });
});
