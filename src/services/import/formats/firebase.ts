import type { ImportedPassword } from '../../../domain/imported-password.js';
import type { ImportedIdentity, ParseOptions, ParsedRow } from '../record.js';
import { splitDisplayName } from './display-name.js';
import { IdentityList } from './identity-list.js';
import { JsonFields } from './json-fields.js';
import type { JsonObject } from './json-record.js';
import { mapRow, RowProblem } from './row-problem.js';
import { firebaseSocialType } from './social-providers.js';

type HashConfig = NonNullable<ParseOptions['firebaseHashConfig']>;

/**
 * The user's own email and phone come first. Firebase verifies a phone number by text message before it sets one,
 * so a phone is verified when the user has the `phone` provider. Each provider's copy of the profile (email, name,
 * photo) is not imported: the user's own fields are.
 */
function identitiesOf(user: JsonFields, ignored: string[]): ImportedIdentity[] {
  const list = new IdentityList();
  const providers = user.objects('providerUserInfo');
  const email = user.text('email');
  const phone = user.text('phoneNumber');
  const providerIds = providers.map((provider) => {
    const providerId = provider.text('providerId');
    if (providerId === null) throw new RowProblem(provider.name('providerId'), 'Required');
    return providerId;
  });
  const emailVerified = user.flag('emailVerified') ?? false;
  if (email !== null) list.add({ type: 'email', value: email, isVerified: emailVerified, field: 'email' });
  if (phone !== null) list.add({ type: 'phone', value: phone, isVerified: providerIds.includes('phone'), field: 'phoneNumber' });
  providers.forEach((provider, index) => {
    const providerId = providerIds[index]!;
    const type = firebaseSocialType(providerId);
    if (type !== undefined) {
      const subject = provider.id('rawId');
      if (subject === null) throw new RowProblem(provider.name('rawId'), 'Required for a social sign-in provider');
      list.add({ type, value: subject, isVerified: true, connectionId: providerId, field: provider.name('rawId') });
    } else if (providerId === 'password' && email === null) {
      const providerEmail = provider.text('email');
      const field = provider.name('email');
      if (providerEmail !== null) list.add({ type: 'email', value: providerEmail, isVerified: emailVerified, field });
    } else if (providerId === 'phone' && phone === null) {
      const providerPhone = provider.text('phoneNumber');
      if (providerPhone !== null) list.add({ type: 'phone', value: providerPhone, isVerified: true, field: provider.name('phoneNumber') });
    } else if (providerId !== 'password' && providerId !== 'phone') {
      ignored.push(`${provider.location} (providerId "${providerId}")`);
    }
  });
  if (list.length === 0) {
    throw new RowProblem('providerUserInfo', 'The user has no email, phone or supported sign-in provider (an anonymous user?)');
  }
  return list.toArray();
}

function passwordOf(user: JsonFields, config: HashConfig | undefined): ImportedPassword | null {
  const hash = user.text('passwordHash');
  if (hash === null) return null;
  if (config === undefined) {
    throw new RowProblem(
      'passwordHash',
      "Has a Firebase scrypt hash: pass the project's password hash config " +
        '(signer key, salt separator, rounds, mem cost) to import it',
    );
  }
  return {
    hashing_method: 'firebase-scrypt',
    hashed_password: hash,
    salt: user.text('salt'),
    signer_key: config.signerKey,
    salt_separator: config.saltSeparator,
    rounds: config.rounds,
    mem_cost: config.memCost,
  };
}

/** One element of `users` in `firebase auth:export --format=json`. The provided id is Firebase's `localId`. */
export function mapFirebaseUser(object: JsonObject, row: number, config: HashConfig | undefined): ParsedRow {
  return mapRow(row, () => {
    const user = new JsonFields(object);
    const nestedIgnored: string[] = [];
    const providedId = user.id('localId');
    const identities = identitiesOf(user, nestedIgnored);
    const password = passwordOf(user, config);
    const names = splitDisplayName(user.text('displayName'));
    return {
      row,
      providedId,
      ...names,
      picture: user.text('photoUrl'),
      identities,
      password,
      ignored: [...user.unusedKeys(), ...nestedIgnored],
    };
  });
}
