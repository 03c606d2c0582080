/** Roster's social identity type for each Auth0 connection name (Kinde's import mapping, plus Twitter and LinkedIn). */
const AUTH0_SOCIAL_CONNECTIONS: ReadonlyMap<string, string> = new Map([
  ['google-oauth2', 'oauth2:google'],
  ['apple', 'oauth2:apple'],
  ['microsoft', 'oauth2:microsoft'],
  ['windowslive', 'oauth2:microsoft'],
  ['github', 'oauth2:github'],
  ['twitch', 'oauth2:twitch'],
  ['facebook', 'oauth2:facebook'],
  ['bitbucket', 'oauth2:bitbucket'],
  ['twitter', 'oauth2:twitter'],
  ['linkedin', 'oauth2:linkedin'],
]);

/** Auth0 connections whose users sign in with the email, phone or username on the user itself. */
export type Auth0FirstPartyKind = 'database' | 'email' | 'sms';

export type Auth0Connection = { kind: Auth0FirstPartyKind } | { kind: 'social'; type: string } | { kind: 'unknown' };

/**
 * Reads an Auth0 identity's connection. Database connections can have any name, so `provider: "auth0"` also marks
 * one; a social connection renamed by the tenant is still recognised by its provider.
 */
export function auth0Connection(connection: string | null, provider: string | null): Auth0Connection {
  if (connection === 'Username-Password-Authentication' || provider === 'auth0') return { kind: 'database' };
  if (connection === 'email' || provider === 'email') return { kind: 'email' };
  if (connection === 'sms' || provider === 'sms') return { kind: 'sms' };
  const type = AUTH0_SOCIAL_CONNECTIONS.get(connection ?? '') ?? AUTH0_SOCIAL_CONNECTIONS.get(provider ?? '');
  return type === undefined ? { kind: 'unknown' } : { kind: 'social', type };
}

/** Roster's social identity type for each Firebase Auth `providerId`. */
const FIREBASE_SOCIAL_PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['google.com', 'oauth2:google'],
  ['apple.com', 'oauth2:apple'],
  ['facebook.com', 'oauth2:facebook'],
  ['github.com', 'oauth2:github'],
  ['twitter.com', 'oauth2:twitter'],
  ['microsoft.com', 'oauth2:microsoft'],
]);

export function firebaseSocialType(providerId: string): string | undefined {
  return FIREBASE_SOCIAL_PROVIDERS.get(providerId);
}
