import { RosterError } from '../domain/errors.js';

/** The command-line flag that sets each field a service may blame. */
const FLAG_OF_FIELD: Record<string, string> = {
  type: '--type',
  name: '--name',
  scopes: '--scopes',
  redirect_uris: '--redirect-uri',
  logout_uris: '--logout-uri',
  origins: '--origin',
  publish_delay_seconds: '--publish-delay',
  logo_url: '--logo-url',
  accent_color: '--accent',
};

/** What the CLI says about a failure: a service's error names the field at fault, which the CLI words as its flag. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const flag = error instanceof RosterError && error.field !== undefined ? FLAG_OF_FIELD[error.field] : undefined;
  return flag ? `${error.message} (${flag})` : error.message;
}
