import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_PATH } from '../services/console-client.js';
import type { Roster } from '../services/context.js';

/** Where `npm run build` puts the console: the same folder whether this module runs from dist/http or src/http. */
export const CONSOLE_BUILD = fileURLToPath(new URL('../../dist/console/', import.meta.url));
/** Written into index.html by the console's build (console/vite.config.ts); each response replaces it. */
const NONCE_PLACEHOLDER = '__ROSTER_CSP_NONCE__';
/** Issue 9's server-rendered first-admin page: never the console's. */
const NOT_THE_CONSOLE = /^setup(\/|$)/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Scripts and connections only from this origin, no framing. Styles from files, plus the one the dialogs' scroll lock
 * adds, allowed by this response's nonce. Pictures may be any https URL (users' avatars).
 */
const contentSecurityPolicy = (nonce: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: https:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

interface Asset {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
}

interface Build {
  /** index.html with absolute asset URLs, still holding the nonce placeholder. */
  index: string;
  assets: Map<string, Asset>;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** Reads the built console once: small files, kept in memory with a gzipped copy when that is smaller. */
function loadBuild(folder: string, basePath: string): Build | null {
  if (!existsSync(join(folder, 'index.html'))) return null;
  const assets = new Map<string, Asset>();
  for (const file of filesUnder(folder)) {
    const name = relative(folder, file).split(sep).join('/');
    if (name === 'index.html') continue;
    const body = readFileSync(file);
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    const gzipped = /^(text|application\/json|image\/svg)/.test(type) ? gzipSync(body, { level: 9 }) : null;
    assets.set(name, { body, gzipped: gzipped && gzipped.length < body.length ? gzipped : null, type });
  }
  // The build's URLs are relative (./assets/…); a page at /admin/users/kp_… needs them absolute.
  const index = readFileSync(join(folder, 'index.html'), 'utf8').replace(/(src|href)="\.\//g, `$1="${basePath}/`);
  return { index, assets };
}

function secure(reply: FastifyReply, nonce: string): FastifyReply {
  return reply
    .header('Content-Security-Policy', contentSecurityPolicy(nonce))
    .header('X-Content-Type-Options', 'nosniff')
    .header('X-Frame-Options', 'DENY')
    .header('Referrer-Policy', 'same-origin');
}

export interface ConsoleOptions {
  /** The built console (default: dist/console). */
  folder?: string;
}

/**
 * The admin console at `<issuer>/admin`: its built files, and index.html for every other path below it so the browser
 * app can route (deep links and reloads work).
 */
export function consoleRoutes(app: FastifyInstance, roster: Roster, options: ConsoleOptions = {}): void {
  const basePath = new URL(roster.config.issuer).pathname.replace(/\/$/, '') + CONSOLE_PATH;
  let build: Build | null | undefined;
  const current = () => (build ??= loadBuild(options.folder ?? CONSOLE_BUILD, basePath));

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.params as { '*'?: string })['*'] ?? '';
    if (NOT_THE_CONSOLE.test(path)) return reply.callNotFound();
    const loaded = current();
    const nonce = randomBytes(18).toString('base64');
    secure(reply, nonce).header('Cache-Control', 'no-store');
    if (!loaded) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The admin console is not built: run npm run build.');
    }
    const asset = loaded.assets.get(path);
    if (asset) return sendAsset(request, reply, asset);
    // A file name that is not in the build is a missing file, not a page of the app.
    if (/\.[a-z0-9]+$/i.test(path)) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return reply.type('text/html; charset=utf-8').send(loaded.index.replaceAll(NONCE_PLACEHOLDER, nonce));
  };

  app.get(CONSOLE_PATH, { schema: { hide: true } }, serve);
  app.get(`${CONSOLE_PATH}/*`, { schema: { hide: true } }, serve);
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  // Built file names carry a hash of their content, so they never change.
  reply.header('Cache-Control', 'public, max-age=31536000, immutable').header('Vary', 'Accept-Encoding').type(asset.type);
  if (asset.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    return reply.header('Content-Encoding', 'gzip').send(asset.gzipped);
  }
  return reply.send(asset.body);
}
