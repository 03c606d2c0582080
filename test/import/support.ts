import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Roster } from '../../src/services/context.js';
import { importUsers } from '../../src/services/import/pipeline.js';
import type { ImportReport } from '../../src/services/import/report.js';
import { openImportSource } from '../../src/services/import/source.js';
import type { Db } from '../../src/store/database.js';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

/** Imports a fixture in-process, format guessed from the file, in small batches so rows meet across batches. */
export async function importFixture(roster: Roster, name: string, options: { dryRun: boolean; batchSize?: number }): Promise<ImportReport> {
  const source = await openImportSource(createReadStream(fixture(name)), undefined, { fileName: name });
  return importUsers(roster, source.rows, { dryRun: options.dryRun, batchSize: options.batchSize ?? 3, format: source.format });
}

export interface StoredUser {
  provided_id: string | null;
  first_name: string | null;
  last_name: string | null;
  picture: string | null;
  identities: { type: string; name: string; is_primary: number; is_confirmed: number; connection_id: string | null }[];
  password: { algorithm: string; hash: string; params: string | null } | null;
}

/** Every user with its identities (in the order added) and password, ordered by provided id: comparable across databases. */
export async function storedUsers(db: Db): Promise<StoredUser[]> {
  const users = await db.selectFrom('users').selectAll().orderBy('id').execute();
  const identities = await db
    .selectFrom('identities')
    .select(['user_id', 'type', 'name', 'is_primary', 'is_confirmed', 'connection_id'])
    .orderBy('id')
    .execute();
  const passwords = await db.selectFrom('user_passwords').select(['user_id', 'algorithm', 'hash', 'params']).execute();
  return users
    .map((u) => ({
      provided_id: u.provided_id,
      first_name: u.first_name,
      last_name: u.last_name,
      picture: u.picture,
      identities: identities
        .filter((i) => i.user_id === u.id)
        .map(({ user_id: _u, ...rest }) => ({ ...rest, is_primary: Number(rest.is_primary), is_confirmed: Number(rest.is_confirmed) })),
      password: passwords.filter((p) => p.user_id === u.id).map(({ user_id: _u, ...rest }) => rest)[0] ?? null,
    }))
    .sort((a, b) => String(a.provided_id).localeCompare(String(b.provided_id)));
}

/** Users with no identity, and identity values held twice: both must always be zero. */
export async function integrity(
  db: Db,
): Promise<{ users: number; identities: number; usersWithoutIdentities: number; duplicateKeys: number }> {
  const count = async (table: 'users' | 'identities') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const lonely = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('identities').select('identities.id').whereRef('identities.user_id', '=', 'users.id'))))
    .executeTakeFirstOrThrow();
  const twice = await db
    .selectFrom('identities')
    .select(['type', 'lookup_key'])
    .groupBy(['type', 'lookup_key'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  return {
    users: await count('users'),
    identities: await count('identities'),
    usersWithoutIdentities: Number(lonely.n),
    duplicateKeys: twice.length,
  };
}
