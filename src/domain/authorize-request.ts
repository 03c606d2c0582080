// Checking an authorization request (RFC 6749 §4.1.1, RFC 7636, OpenID Connect Core §3.1.2.1) as Kinde's clients send
// it. Pure: the caller looks the client up and decides what to do with the outcome.
//
// Until the client and its redirect URI are known to be genuine, nothing may be redirected anywhere: such errors are
// shown to the user. After that, errors go back to the application, with its `state`.

export const SIGN_IN_SCOPES = ['openid', 'profile', 'email', 'offline'] as const;
export const DEFAULT_SCOPE = 'openid profile email offline';

/** What the sign-in pages are asked to show first. */
export type StartPage = 'sign-in' | 'sign-up';

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** Known scopes only, space-separated, in the order asked. */
  scope: string;
  audience: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  /** `none`: never show a page; `login`: ask again even with a session; `create`: ask to sign up. */
  prompt: 'none' | 'login' | 'create' | null;
  startPage: StartPage;
  /** Passed on to the pages as given: `joe@blogs.com`, `phone:+447700900000:gb`, `username:joebloggs`. */
  loginHint: string | null;
  /** OpenID Connect `max_age`: a session older than this many seconds must sign in again. */
  maxAge: number | null;
}

export interface AuthorizeClient {
  client_id: string;
  type: string;
  redirect_uris: string[];
}

/** An error that may only be shown, never redirected: the redirect target is unknown or untrusted. */
export interface UntrustedError {
  kind: 'show';
  error: string;
  description: string;
}

/** An error for the application, sent to its registered redirect URI. */
export interface RedirectedError {
  kind: 'redirect';
  redirectUri: string;
  state: string | null;
  error: string;
  description: string;
}

export type AuthorizeCheck = UntrustedError | RedirectedError | { kind: 'valid'; request: AuthorizationRequest };

/** Parameters with one meaning each: RFC 6749 §3.1 says they must not repeat. `audience` may. */
const SINGLE = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'login_hint',
  'max_age',
  'response_mode',
];

/** A code challenge made with S256 is the base64url SHA-256 of the verifier: 43 characters, no padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const show = (error: string, description: string): UntrustedError => ({ kind: 'show', error, description });

/** The client id, if the request names exactly one. */
export function requestedClientId(params: URLSearchParams): string | UntrustedError {
  const ids = params.getAll('client_id');
  if (ids.length > 1) return show('invalid_request', 'client_id was given more than once');
  if (!ids[0]) return show('invalid_request', 'client_id is required');
  return ids[0];
}

export function checkAuthorizeRequest(params: URLSearchParams, client: AuthorizeClient | undefined): AuthorizeCheck {
  const clientId = requestedClientId(params);
  if (typeof clientId !== 'string') return clientId;
  if (!client || client.client_id !== clientId) return show('invalid_client', 'No application has this client_id');

  const redirectUris = params.getAll('redirect_uri');
  if (redirectUris.length > 1) return show('invalid_request', 'redirect_uri was given more than once');
  const redirectUri = redirectUris[0];
  if (!redirectUri) return show('invalid_request', 'redirect_uri is required');
  if (client.type === 'm2m') return show('unauthorized_client', 'This is a machine-to-machine application: it cannot sign users in');
  if (!client.redirect_uris.includes(redirectUri))
    return show('invalid_request', 'redirect_uri is not one of the application’s registered redirect URIs');

  const states = params.getAll('state');
  const state = states.length === 1 ? states[0]! : null;
  const fail = (error: string, description: string): RedirectedError => ({ kind: 'redirect', redirectUri, state, error, description });

  const repeated = SINGLE.find((name) => params.getAll(name).length > 1);
  if (repeated) return fail('invalid_request', `${repeated} was given more than once`);
  const one = (name: string) => params.get(name);

  const responseType = one('response_type');
  if (!responseType) return fail('invalid_request', 'response_type is required');
  if (responseType !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported');
  const responseMode = one('response_mode');
  if (responseMode !== null && responseMode !== 'query') return fail('invalid_request', 'Only response_mode=query is supported');

  const challenge = one('code_challenge');
  const method = one('code_challenge_method');
  if (challenge === null && method !== null) return fail('invalid_request', 'code_challenge_method was given without a code_challenge');
  if (challenge !== null) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256 (plain is not accepted)');
    if (!S256_CHALLENGE.test(challenge))
      return fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the code verifier (43 characters)');
  } else if (client.type === 'spa') {
    return fail('invalid_request', 'This application must use PKCE: send code_challenge and code_challenge_method=S256');
  }

  const scopeText = one('scope')?.trim() || DEFAULT_SCOPE;
  const scopes = [...new Set(scopeText.split(/\s+/))].filter((s) => (SIGN_IN_SCOPES as readonly string[]).includes(s));
  if (!scopes.length) return fail('invalid_scope', `None of the requested scopes is known; use ${SIGN_IN_SCOPES.join(', ')}`);

  const prompts = (one('prompt') ?? '').split(/\s+/).filter(Boolean);
  if (prompts.includes('none') && prompts.length > 1) return fail('invalid_request', 'prompt=none cannot be combined with other prompts');
  // Kinde's prompts; OpenID's `consent` and `select_account` (and anything newer) have nothing to show here.
  const prompt = (['none', 'create', 'login'] as const).find((p) => prompts.includes(p)) ?? null;

  const maxAgeText = one('max_age');
  if (maxAgeText !== null && !/^\d{1,9}$/.test(maxAgeText)) return fail('invalid_request', 'max_age must be a whole number of seconds');

  return {
    kind: 'valid',
    request: {
      clientId,
      redirectUri,
      scope: scopes.join(' '),
      audience: [
        ...new Set(
          params
            .getAll('audience')
            .flatMap((a) => a.split(' '))
            .filter(Boolean),
        ),
      ],
      state,
      nonce: one('nonce'),
      codeChallenge: challenge,
      prompt,
      startPage: prompt === 'create' || params.get('start_page') === 'registration' ? 'sign-up' : 'sign-in',
      loginHint: one('login_hint') || null,
      maxAge: maxAgeText === null ? null : Number(maxAgeText),
    },
  };
}

/** `redirect_uri` with these parameters added; the registered URI's own query is kept exactly as registered. */
export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.append(name, value);
  const separator = !redirectUri.includes('?') ? '?' : /[?&]$/.test(redirectUri) ? '' : '&';
  return redirectUri + separator + query.toString();
}
