// Reading `GET /logout`. Kinde's TypeScript SDK appends its logout URL without encoding it
// (`/logout?redirect=http://localhost:3000/?a=1&b=2`), so the parsed `redirect` parameter may be only the start of the
// URL meant. Every reading is offered as a candidate; the caller redirects only to one that is registered exactly.

/** Parameters of ours that may follow an unencoded redirect and are not part of it. */
const TRAILING_PARAMS = /&(all_sessions|client_id|state|id_token_hint)=[^&]*$/;

export interface LogoutRequest {
  /** Possible redirect targets, most likely first. */
  candidates: string[];
  clientId: string | null;
  allSessions: boolean;
  /** OpenID Connect RP-initiated logout echoes `state` to `post_logout_redirect_uri`. */
  state: string | null;
  /** Whether the target came as OpenID Connect's `post_logout_redirect_uri` (then `state` goes with it). */
  oidc: boolean;
  /** An ID token the application holds for the person signing out (OpenID RP-Initiated Logout). */
  idTokenHint: string | null;
}

export function readLogoutRequest(query: string): LogoutRequest {
  const params = new URLSearchParams(query);
  const oidc = !params.has('redirect') && params.has('post_logout_redirect_uri');
  const name = oidc ? 'post_logout_redirect_uri' : 'redirect';
  const candidates: string[] = [];
  const parsed = params.get(name);
  if (parsed) candidates.push(parsed);
  const start = query.search(new RegExp(`(^|&)${name}=`));
  if (start >= 0) {
    let raw = query.slice(query.indexOf('=', start) + 1);
    candidates.push(raw);
    for (let i = 0; i < 4 && TRAILING_PARAMS.test(raw); i++) {
      raw = raw.replace(TRAILING_PARAMS, '');
      candidates.push(raw);
    }
  }
  return {
    candidates: [...new Set(candidates.filter(Boolean))],
    clientId: params.get('client_id') || null,
    allSessions: params.get('all_sessions') === 'true',
    state: oidc ? params.get('state') : null,
    oidc,
    idTokenHint: params.get('id_token_hint') || null,
  };
}
