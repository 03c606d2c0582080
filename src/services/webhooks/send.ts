import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from '../../domain/private-address.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
/** Of a receiver's answer only this much is read (and a short part of it kept): a 10 MB reply costs nothing. */
const READ_LIMIT_BYTES = 16 * 1024;
const SNIPPET_CHARS = 200;

export interface SendResult {
  status: number | null;
  durationMs: number;
  snippet: string | null;
  error: string | null;
}

/**
 * Resolves as usual but refuses private, loopback and link-local answers at connect time, so a name that resolved
 * to a public address when the webhook was made cannot be re-pointed at the metadata service later.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const usable = allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (!usable.length)
        return callback(Object.assign(new Error(`${hostname} resolves only to private addresses`), { code: 'EPRIVATE' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/** POSTs one delivery: no redirects followed, one timeout for the whole exchange, at most READ_LIMIT_BYTES read. */
export function sendDelivery(
  endpoint: URL,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    };
    const send = endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(endpoint, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'Roster-Webhooks' },
      lookup: guardedLookup(options.allowPrivate),
    });
    const timer = setTimeout(() => finish({ status: null, snippet: null, error: `No complete answer within ${timeoutMs} ms` }), timeoutMs);
    request.on('error', (error) => finish({ status: null, snippet: null, error: error.message.slice(0, SNIPPET_CHARS) }));
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const done = () =>
        finish({
          status: response.statusCode ?? null,
          snippet: Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_CHARS),
          error: null,
        });
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk.subarray(0, Math.max(0, READ_LIMIT_BYTES - read)));
        read += chunk.length;
        if (read >= READ_LIMIT_BYTES) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.end(body);
  });
}
