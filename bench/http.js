// The benchmarks' HTTP client: node:http over kept-alive connections. The load generator shares the machine with the
// server it measures, and node:http costs it far less CPU per request than fetch.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request; resolves with the status, the headers and the body as text. Redirects are not followed. */
export function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method, agent, timeout: 15_000, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** POSTs a form; the body is parsed as JSON when it is JSON, else `{}`. */
export async function postForm(url, form) {
  const { status, text } = await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  try {
    return { status, body: JSON.parse(text) };
  } catch {
    return { status, body: {} };
  }
}
