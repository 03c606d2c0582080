import type { FastifyInstance } from 'fastify';
import { invalid } from '../domain/errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies are decoded strictly: invalid UTF-8 is refused instead of being turned into U+FFFD, which would store
 * a value the caller never sent. Parsing itself is Fastify's own (safe against prototype poisoning).
 */
export function strictJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  // Fastify would also hand a text/plain body to the routes as a string; only JSON is accepted (415 otherwise).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // Some clients label every request JSON, body or not; no body is then no body, and routes that need one say so.
    if ((body as Buffer).length === 0) return done(null, undefined);
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(invalid('INVALID_REQUEST', 'The body is not valid UTF-8'), undefined);
    }
    // The default parser reports through done; its return value carries nothing.
    void parseJson(request, text, done);
  });
}
