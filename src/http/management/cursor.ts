import { invalid } from '../../domain/errors.js';

/**
 * `next_token` is opaque to clients: an id of the page's edge, wrapped so nobody builds one by hand, and checked on
 * the way back in so a forged one is a 400, never a query.
 */
export function cursorOf(prefix: string, idPattern: RegExp) {
  return {
    encode: (id: string) => Buffer.from(`${prefix}:${id}`).toString('base64url'),
    decode(token: string): string {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      const id = decoded.slice(prefix.length + 1);
      if (!decoded.startsWith(`${prefix}:`) || !idPattern.test(id))
        throw invalid('INVALID_REQUEST', 'next_token is not a cursor from this API', 'next_token');
      return id;
    },
  };
}
