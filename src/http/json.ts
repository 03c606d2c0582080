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
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(invalid('INVALID_REQUEST', 'The body is not valid UTF-8'), undefined);
    }
    parseJson(request, text, done);
  });
}
