import { BASE, CONSOLE_URL, ISSUER } from '../base';
import { challengeOf, claimsOf, randomText } from './pkce';

/**
 * The admin's sign-in: authorization code with PKCE through Roster's own /oauth2/auth, as any SPA. Tokens live in this
 * module's memory only; a reload signs in again silently (prompt=none) from the server's session cookie.
 */
const CLIENT_ID = 'roster_console';
const REDIRECT_URI = `${CONSOLE_URL}/callback`;
const SCOPE = 'openid profile email offline';
const AUDIENCE = `${ISSUER}/api`;

/** The one-time verifier must outlive the redirect, so it waits in sessionStorage (never a token) and is removed on return. */
const PENDING_PREFIX = 'roster-console-sign-in:';
/** Refresh this long before the access token runs out. */
const EXPIRY_MARGIN_MS = 30_000;

export interface Admin {
  userId: string;
  name: string;
  email: string | null;
  permissions: string[];
}

export type Session =
  | { status: 'starting' }
  | { status: 'signed-out'; returnTo: string; message?: string }
  | { status: 'signed-in'; admin: Admin }
  | { status: 'no-access'; admin: Admin | null };

interface Tokens {
  access: string;
  refresh: string | null;
  expiresAt: number;
}

interface Pending {
  verifier: string;
  nonce: string;
  returnTo: string;
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
}

let tokens: Tokens | null = null;
let idClaims: Record<string, unknown> = {};
let refreshing: Promise<void> | null = null;
let session: Session = { status: 'starting' };
const listeners = new Set<() => void>();

export const currentSession = () => session;
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function setSession(next: Session) {
  session = next;
  for (const listener of listeners) listener();
}

/** A path inside the console, or the console's start: never another site or page. */
function insideConsole(path: string): string {
  return (path === BASE || path.startsWith(`${BASE}/`) || path.startsWith(`${BASE}?`)) && !path.startsWith('//') ? path : `${BASE}/users`;
}

/** Sends the browser to Roster's sign-in; `silent` asks only whether a session exists (prompt=none). */
export async function redirectToSignIn(options: { silent: boolean; returnTo: string }): Promise<void> {
  const state = randomText(16);
  const pending: Pending = { verifier: randomText(32), nonce: randomText(16), returnTo: insideConsole(options.returnTo) };
  sessionStorage.setItem(PENDING_PREFIX + state, JSON.stringify(pending));
  const url = new URL(`${ISSUER}/oauth2/auth`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    audience: AUDIENCE,
    state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
    ...(options.silent ? { prompt: 'none' } : {}),
  }).toString();
  location.assign(url);
}

/** Takes the pending request of this state, and forgets every other (abandoned) one. */
function takePending(state: string | null): Pending | null {
  const stored = state === null ? null : sessionStorage.getItem(PENDING_PREFIX + state);
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PENDING_PREFIX)) sessionStorage.removeItem(key);
  return stored === null ? null : (JSON.parse(stored) as Pending);
}

async function postToken(form: Record<string, string>): Promise<TokenResponse | { error: string; error_description?: string }> {
  const response = await fetch(`${ISSUER}/oauth2/token`, { method: 'POST', body: new URLSearchParams({ client_id: CLIENT_ID, ...form }) });
  return response.json();
}

function keep(response: TokenResponse) {
  tokens = {
    access: response.access_token,
    refresh: response.refresh_token ?? tokens?.refresh ?? null,
    expiresAt: Date.now() + response.expires_in * 1000,
  };
  if (response.id_token) idClaims = claimsOf(response.id_token);
  const access = claimsOf(response.access_token);
  const permissions = Array.isArray(access.permissions) ? access.permissions.filter((p): p is string => typeof p === 'string') : [];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const email = text(idClaims.email);
  const admin: Admin = {
    userId: String(access.sub ?? idClaims.sub ?? ''),
    name: text(idClaims.name) ?? email ?? text(idClaims.preferred_username) ?? text(idClaims.phone_number) ?? 'Admin',
    email,
    permissions,
  };
  setSession(permissions.length ? { status: 'signed-in', admin } : { status: 'no-access', admin });
}

/** Finishes a sign-in on /admin/callback; answers the console path to show next. */
export async function completeSignIn(query: URLSearchParams): Promise<string> {
  const pending = takePending(query.get('state'));
  const fallback = `${BASE}/users`;
  if (!pending) {
    setSession({ status: 'signed-out', returnTo: fallback, message: 'That sign-in had expired. Sign in again.' });
    return fallback;
  }
  const error = query.get('error');
  if (error) {
    // login_required: the silent check found no session, which is the usual way to arrive signed out.
    const message = error === 'login_required' ? undefined : (query.get('error_description') ?? `Sign-in did not complete (${error}).`);
    setSession({ status: 'signed-out', returnTo: pending.returnTo, message });
    return pending.returnTo;
  }
  try {
    const answer = await postToken({
      grant_type: 'authorization_code',
      code: query.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: pending.verifier,
    });
    if ('error' in answer) throw new Error(answer.error_description ?? answer.error);
    const claims = answer.id_token ? claimsOf(answer.id_token) : {};
    if (claims.nonce !== pending.nonce || claims.iss !== ISSUER) throw new Error('The sign-in answer was not for this request.');
    keep(answer);
  } catch (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    setSession({ status: 'signed-out', returnTo: pending.returnTo, message: `Sign-in did not complete: ${reason}` });
  }
  return pending.returnTo;
}

export class SignedOut extends Error {
  constructor() {
    super('Signed out');
  }
}

function endSession(message: string) {
  tokens = null;
  setSession({ status: 'signed-out', returnTo: location.pathname + location.search, message });
}

async function refreshTokens(): Promise<void> {
  if (!tokens?.refresh) {
    endSession('Your session has ended. Sign in again.');
    throw new SignedOut();
  }
  let answer;
  try {
    answer = await postToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh });
  } catch {
    // The network failed, not the session: keep the tokens and let the caller show "Try again".
    throw new TypeError('Failed to fetch');
  }
  if ('error' in answer) {
    endSession('Your session has ended. Sign in again.');
    throw new SignedOut();
  }
  keep(answer);
}

/** One refresh at a time: the refresh token rotates, so two concurrent refreshes would revoke each other. */
export function refresh(): Promise<void> {
  refreshing ??= refreshTokens().finally(() => (refreshing = null));
  return refreshing;
}

/** The access token for the next API call, refreshed first when it is about to run out. */
export async function accessToken(): Promise<string> {
  if (!tokens) throw new SignedOut();
  if (Date.now() >= tokens.expiresAt - EXPIRY_MARGIN_MS) await refresh();
  return tokens!.access;
}

/** The API refused this admin outright (not for one scope): show that they have no access. */
export function refusedByApi() {
  setSession({ status: 'no-access', admin: session.status === 'signed-in' ? session.admin : null });
}

/** Forgets the tokens and ends the server's session; Roster then returns the browser to the console. */
export function signOut() {
  tokens = null;
  location.assign(signOutUrl());
}

export const signOutUrl = () => `${ISSUER}/logout?redirect=${encodeURIComponent(CONSOLE_URL)}`;
