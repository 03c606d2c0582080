import type { Roster } from '../services/context.js';
import { createMessenger } from '../services/messages/index.js';
import { FIRST_MIGRATION } from '../store/migrations/index.js';

/** What a person starting `roster serve` wants to know first, in words; the JSON log says the same for machines. */
export function startupSummary(roster: Roster): string {
  const { config, opened } = roster;
  const lines: string[] = [];
  if (opened.appliedMigrations.includes(FIRST_MIGRATION)) lines.push('Created the database schema.');
  else if (opened.appliedMigrations.length > 0) lines.push(`Updated the database schema (${opened.appliedMigrations.join(', ')}).`);
  if (opened.createdSigningKey) lines.push('Created a signing key (roster keys list shows it).');
  lines.push(
    `Roster is serving ${config.issuer} (listening on ${config.host}:${config.port})`,
    `  admin console      ${config.issuer}/admin`,
    `  API docs           ${config.issuer}/api/docs`,
    `  OpenID discovery   ${config.issuer}/.well-known/openid-configuration`,
    `  health check       ${config.issuer}/healthz`,
  );
  const { email, sms } = createMessenger(roster, { info: () => {}, warn: () => {} }).transports;
  lines.push(messagesLine(email.describe, sms.describe), 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

function messagesLine(email: string, sms: string): string {
  const outbox = 'the development outbox: each message, sign-in codes included, is written to this log and kept for roster outbox';
  if (email === 'outbox' && sms === 'outbox')
    return `Emails and text messages go to ${outbox} (set ROSTER_SMTP_URL and ROSTER_SMS_WEBHOOK_URL to send them).`;
  const where = (describe: string) => (describe === 'outbox' ? outbox : describe);
  return `Emails go to ${where(email)}.\nText messages go to ${where(sms)}.`;
}
