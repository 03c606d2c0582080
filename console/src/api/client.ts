import createClient, { type Middleware } from 'openapi-fetch';
import { accessToken, refresh, refusedByApi, SignedOut } from '../auth/session';
import { ISSUER } from '../base';
import type { paths } from './schema';

export interface ApiErrorItem {
  code: string;
  message: string;
  field?: string;
}

/** A refused or failed call: the HTTP status (0 when Roster could not be reached) and Kinde's list of errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiErrorItem[],
  ) {
    super(errors[0]?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.errors[0]?.code ?? '';
  }
}

export const NETWORK_ERROR = 'NETWORK';

/** Kinde answers unknown routes with `errors` as an object; a proxy may answer with text. */
function errorsOf(body: unknown, status: number): ApiErrorItem[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) return errors as ApiErrorItem[];
  if (errors && typeof errors === 'object') return [errors as ApiErrorItem];
  return [{ code: `HTTP_${status}`, message: typeof body === 'string' && body.length < 200 ? body : `The server answered ${status}` }];
}

async function firstCode(response: Response): Promise<string | undefined> {
  try {
    return errorsOf(await response.clone().json(), response.status)[0]?.code;
  } catch {
    return undefined;
  }
}

/** Copies of the requests in flight, so one refused for an expired token can be sent again with a fresh one. */
const inFlight = new Map<string, Request>();

const withToken = async (request: Request) => {
  request.headers.set('Authorization', `Bearer ${await accessToken()}`);
  return request;
};

const authorize: Middleware = {
  async onRequest({ request, id }) {
    const sent = await withToken(request);
    inFlight.set(id, sent.clone());
    return sent;
  },
  async onResponse({ response, id }) {
    const copy = inFlight.get(id);
    inFlight.delete(id);
    if (response.status !== 403) return response;
    let answer = response;
    if ((await firstCode(answer)) === 'TOKEN_INVALID' && copy) {
      await refresh();
      answer = await fetch(await withToken(copy));
    }
    // A missing scope is about one action; anything else means this person may not use the API at all.
    if (answer.status === 403 && (await firstCode(answer)) !== 'INSUFFICIENT_SCOPE') refusedByApi();
    return answer;
  },
  onError({ id }) {
    inFlight.delete(id);
  },
};

export const api = createClient<paths>({ baseUrl: ISSUER });
api.use(authorize);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer of a call, or an ApiError: network failures and refusals alike, so screens handle one kind. */
export async function send<T>(call: Promise<Answer<T>>): Promise<{ data: T; response: Response }> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof SignedOut) throw error;
    throw new ApiError(0, [{ code: NETWORK_ERROR, message: 'Roster could not be reached' }]);
  }
  if (answer.error !== undefined || !answer.response.ok)
    throw new ApiError(answer.response.status, errorsOf(answer.error, answer.response.status));
  return { data: answer.data as T, response: answer.response };
}

export const dataOf = async <T>(call: Promise<Answer<T>>): Promise<T> => (await send(call)).data;
