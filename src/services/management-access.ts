import type { JWTPayload } from 'jose';
import { currentAdminScopes } from './admins.js';
import { CONSOLE_CLIENT_ID } from './console-client.js';
import type { Roster } from './context.js';

/** Who calls the Management API with a verified token, and what they may do there. */
export type ManagementCaller =
  | { kind: 'application'; clientId: string; may(scope: string): boolean }
  | { kind: 'admin'; userId: string; may(scope: string): boolean }
  | { kind: 'nobody' };

const NOBODY: ManagementCaller = { kind: 'nobody' };

const isClientCredentials = (claims: JWTPayload) => Array.isArray(claims.gty) && claims.gty.includes('client_credentials');

/**
 * An application's token grants its `scp`. A person's token grants something only when it is the console's and the
 * person is an admin now: each scope must be in the token's `permissions` and still granted in the database (read at
 * most every few seconds), so removing or suspending an admin takes effect before their token expires. Any other
 * user token grants nothing, whatever it claims.
 */
export function managementCallerOf(roster: Roster, claims: JWTPayload): ManagementCaller | Promise<ManagementCaller> {
  if (isClientCredentials(claims)) {
    const scopes = Array.isArray(claims.scp) ? (claims.scp as unknown[]) : [];
    return { kind: 'application', clientId: String(claims.azp ?? 'unknown'), may: (scope) => scopes.includes(scope) };
  }
  if (claims.azp !== CONSOLE_CLIENT_ID || typeof claims.sub !== 'string' || !Array.isArray(claims.permissions)) return NOBODY;
  const userId = claims.sub;
  const permissions = claims.permissions as unknown[];
  const decide = (granted: ReadonlySet<string>): ManagementCaller =>
    granted.size === 0 ? NOBODY : { kind: 'admin', userId, may: (scope) => granted.has(scope) && permissions.includes(scope) };
  const granted = currentAdminScopes(roster, userId);
  return granted instanceof Promise ? granted.then(decide) : decide(granted);
}
