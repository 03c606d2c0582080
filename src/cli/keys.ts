import { Command } from 'commander';
import { KEY_PUBLISH_DELAY_SECONDS } from '../auth/keys.js';
import { listSigningKeys, rotateSigningKey, type SigningKeyView } from '../services/signing-keys.js';
import { withDataOption, withRoster } from './shared.js';

interface KeyFlags {
  json?: boolean;
  data?: string;
  publishDelay?: string;
}

function print(keys: SigningKeyView[], json: boolean | undefined): void {
  if (json) return console.log(JSON.stringify(keys));
  for (const key of keys) {
    const until = key.retired_on ? `  retires ${key.retired_on}` : '';
    console.log(`${key.kid}  ${key.state.padEnd(8)}  signs from ${key.signs_from}${until}`);
  }
}

export function keysCommand(): Command {
  const keys = new Command('keys').description('the RS256 keys that sign tokens');

  withDataOption(
    keys
      .command('rotate')
      .description(
        `add a signing key: published in the JWKS at once, signing after the publish delay; the keys before it then stop signing and leave the JWKS once every token they signed has expired`,
      )
      .option(
        '--publish-delay <seconds>',
        'seconds between publishing the new key and signing with it (keep it above the JWKS cache time)',
        String(KEY_PUBLISH_DELAY_SECONDS),
      )
      .option('--json', 'print the keys as a JSON array'),
  ).action(async (flags: KeyFlags) => {
    const text = flags.publishDelay ?? String(KEY_PUBLISH_DELAY_SECONDS);
    if (!/^\d+$/.test(text)) throw new Error(`--publish-delay must be a whole number of seconds (got ${text})`);
    print(await withRoster(flags, (roster) => rotateSigningKey(roster, { publishDelaySeconds: Number(text) })), flags.json);
  });

  withDataOption(
    keys
      .command('list')
      .description('list the signing keys and their states (next, signing, previous, retired)')
      .option('--json', 'print a JSON array'),
  ).action(async (flags: KeyFlags) => print(await withRoster(flags, (roster) => listSigningKeys(roster)), flags.json));
  return keys;
}
