import { CLI_ACTOR, type Actor } from '../../domain/actor.js';
import { newEventId, newIdentityId, newUserId } from '../../domain/ids.js';
import { nameKeys } from '../../domain/names.js';
import {
  identityKey,
  LOOKALIKE_CASED_KIND,
  LOOKALIKE_KIND,
  openBulkSession,
  PROVIDED_ID_KIND,
  type BulkSession,
  type BulkUser,
  type ExistingUsername,
  type SeenKey,
} from '../../store/bulk.js';
import type { Roster } from '../context.js';
import { DEFAULT_BATCH_SIZE } from './batch-size.js';
import type { ParsedRow } from './record.js';
import { ReportBuilder, type ImportCounts, type ImportReport } from './report.js';
import { validateUser, type ValidUser } from './validate.js';

export interface ImportOptions {
  dryRun: boolean;
  /** Users per transaction. */
  batchSize?: number;
  format?: string | null;
  /** Who the event log names (default: the command line). */
  actor?: Actor;
  onProgress?: (counts: ImportCounts) => void;
  listLimit?: number;
}

/**
 * Imports a stream of parsed rows: each row is validated as the API would validate it, checked against earlier rows
 * of the file and against the database, and written in batches, each one transaction. Existing users are never
 * updated, so running the same file again (after a crash, say) imports only what is missing.
 */
export async function importUsers(roster: Roster, rows: AsyncIterable<ParsedRow>, options: ImportOptions): Promise<ImportReport> {
  const report = new ReportBuilder(options.format ?? null, options.dryRun, options.listLimit);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const session = await openBulkSession(roster.database, { databaseUrl: roster.config.databaseUrl, dataDir: roster.config.dataDir });
  const decider = new BatchDecider(session, report, roster.config.usernameLookalikes, options.dryRun);
  // While a batch is being written the next one is read, validated and checked; writes run one at a time, in order.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (batch: ValidUser[]) => {
    const decided = await decider.decide(batch);
    await writing;
    writing =
      options.dryRun || decided.length === 0
        ? Promise.resolve()
        : write(session, decided, report, options.actor ?? CLI_ACTOR, options.format ?? null);
    // Awaited at the next batch or the end; marked handled now so a failure is not reported as unhandled meanwhile.
    writing.catch(() => {});
    options.onProgress?.({ ...report.counts });
  };
  try {
    let batch: ValidUser[] = [];
    for await (const parsed of rows) {
      report.counts.read++;
      if (!parsed.ok) {
        report.invalid({ row: parsed.row, field: parsed.field, code: 'INVALID_ROW', reason: parsed.reason });
        continue;
      }
      report.ignoredFields(parsed.user.ignored);
      const validated = validateUser(parsed.user);
      if (!validated.ok) {
        report.invalid(validated.problem);
        continue;
      }
      report.counts.valid++;
      batch.push(validated.user);
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await flush(batch);
    await writing;
    options.onProgress?.({ ...report.counts });
    return report.build();
  } finally {
    await writing.catch(() => {});
    await session.close();
  }
}

interface Decided {
  row: number;
  bulk: BulkUser;
}

async function write(session: BulkSession, decided: Decided[], report: ReportBuilder, actor: Actor, format: string | null): Promise<void> {
  const now = new Date().toISOString();
  const event = {
    id: newEventId(),
    occurred_on: now,
    type: 'users.imported',
    actor,
    user_id: null,
    identity_id: null,
    data: { users: decided.length, first_row: decided[0]!.row, last_row: decided.at(-1)!.row, format },
  };
  const left = await session.insertBatch(
    decided.map((d) => d.bulk),
    event,
  );
  if (left.size === 0) return;
  for (const d of decided) if (left.has(d.bulk.user.id)) report.lostRace(d.row);
}

/** Decides, row by row in file order, what happens to each valid row of a batch, and reports it. */
class BatchDecider {
  constructor(
    private readonly session: BulkSession,
    private readonly report: ReportBuilder,
    private readonly lookalikes: 'allow' | 'warn' | 'reject',
    private readonly dryRun: boolean,
  ) {}

  async decide(batch: ValidUser[]): Promise<Decided[]> {
    const claimsByUser = batch.map((user) => this.claimsOf(user));
    const checked = await this.session.check(claimsByUser.flat(), { lookalikes: this.lookalikes !== 'allow' });
    const existing = checked.existingIdentities;
    const existingIds = checked.existingProvidedIds;
    const lookingLike = checked.lookingLike;

    const seen = new Map<string, SeenKey>();
    for (const key of checked.seen) seen.set(identityKey(key.kind, key.key), key);
    const stored = new Map<string, ExistingUsername[]>();
    // A stored username that a row of this file claimed is reported as a pair of rows instead.
    const claimedHere = new Set(
      (await this.session.seen(lookingLike.map((u) => ({ kind: 'username', key: u.lookupKey })))).map((k) => k.key),
    );
    for (const username of lookingLike) {
      if (claimedHere.has(username.lookupKey)) continue;
      for (const id of [
        identityKey(LOOKALIKE_KIND, username.lookalikeKey),
        identityKey(LOOKALIKE_CASED_KIND, username.lookalikeCasedKey),
      ]) {
        const list = stored.get(id);
        if (list) list.push(username);
        else stored.set(id, [username]);
      }
    }

    // The session remembers every claim checked but the unclaimed, by position: the claims of skipped rows, and
    // claims of keys an earlier row claimed.
    const unclaimed: number[] = [];
    let position = 0;
    const claim = (keys: SeenKey[]) => {
      for (const key of keys) {
        const id = identityKey(key.kind, key.key);
        if (seen.has(id)) unclaimed.push(position);
        else seen.set(id, key);
        position++;
      }
    };
    const skip = (keys: SeenKey[]) => {
      for (let i = 0; i < keys.length; i++) unclaimed.push(position++);
    };

    const decided: Decided[] = [];
    for (const [index, user] of batch.entries()) {
      const own = claimsByUser[index]!;
      const duplicate = this.firstDuplicate(user, seen);
      if (duplicate) {
        this.report.duplicate(duplicate);
        skip(own);
        continue;
      }
      const taken = user.identities.find((i) => existing.has(identityKey(i.type, i.lookupKey)));
      if (taken || (user.providedId !== null && existingIds.has(user.providedId))) {
        this.report.existing({ row: user.row, field: taken?.field ?? 'id', reason: 'already exists' });
        claim(own);
        continue;
      }
      const pairs = this.lookalikes === 'allow' ? [] : this.lookalikesOf(user, seen, stored);
      if (pairs.length > 0 && this.lookalikes === 'reject') {
        const first = pairs[0]!;
        const where = first.other_row === null ? 'an existing username' : `the username in row ${first.other_row}`;
        this.report.invalid({
          row: user.row,
          field: first.field,
          code: 'USERNAME_LOOKALIKE',
          reason: `Username ${first.username} looks like ${where}, ${first.looks_like}`,
        });
        skip(own);
        continue;
      }
      for (const { field: _field, ...pair } of pairs) this.report.lookalike(pair);
      claim(own);
      if (!this.dryRun) decided.push({ row: user.row, bulk: toBulk(user) });
      this.report.counts.imported++;
    }
    await this.session.rememberClaims(unclaimed);
    return decided;
  }

  private claimsOf(user: ValidUser): SeenKey[] {
    const { row } = user;
    const keys: SeenKey[] = user.identities.map((i) => ({ kind: i.type, key: i.lookupKey, row, name: null }));
    if (user.providedId !== null) keys.push({ kind: PROVIDED_ID_KIND, key: user.providedId, row, name: null });
    for (const i of user.identities) {
      if (i.lookalikeKey !== null) keys.push({ kind: LOOKALIKE_KIND, key: i.lookalikeKey, row, name: i.name });
      if (i.lookalikeCasedKey !== null) keys.push({ kind: LOOKALIKE_CASED_KIND, key: i.lookalikeCasedKey, row, name: i.name });
    }
    return keys;
  }

  private firstDuplicate(user: ValidUser, seen: Map<string, SeenKey>) {
    for (const i of user.identities) {
      const earlier = seen.get(identityKey(i.type, i.lookupKey));
      if (earlier)
        return { row: user.row, field: i.field, reason: `The same ${i.type} as row ${earlier.row}`, duplicate_of_row: earlier.row };
    }
    const earlier = user.providedId === null ? undefined : seen.get(identityKey(PROVIDED_ID_KIND, user.providedId));
    if (earlier) return { row: user.row, field: 'id', reason: `The same id as row ${earlier.row}`, duplicate_of_row: earlier.row };
    return undefined;
  }

  private lookalikesOf(user: ValidUser, seen: Map<string, SeenKey>, stored: Map<string, ExistingUsername[]>) {
    const pairs: { row: number; username: string; looks_like: string; other_row: number | null; field: string }[] = [];
    for (const i of user.identities) {
      if (i.lookalikeKey === null || i.lookalikeCasedKey === null) continue;
      // A twin may share both keys: each other username (or row) is reported once.
      const ids = [identityKey(LOOKALIKE_KIND, i.lookalikeKey), identityKey(LOOKALIKE_CASED_KIND, i.lookalikeCasedKey)];
      const others = new Set<string>();
      for (const id of ids) {
        for (const other of stored.get(id) ?? []) {
          if (other.lookupKey === i.lookupKey || others.has(`stored:${other.lookupKey}`)) continue;
          others.add(`stored:${other.lookupKey}`);
          pairs.push({ row: user.row, username: i.name, looks_like: other.name, other_row: null, field: i.field });
        }
      }
      for (const id of ids) {
        const earlier = seen.get(id);
        if (!earlier || earlier.row === user.row || earlier.name === null || others.has(`row:${earlier.row}`)) continue;
        // An earlier row skipped because its username is already stored is that stored pair again.
        if (others.has(`stored:${earlier.name.toLowerCase()}`)) continue;
        others.add(`row:${earlier.row}`);
        pairs.push({ row: user.row, username: i.name, looks_like: earlier.name, other_row: earlier.row, field: i.field });
      }
    }
    return pairs;
  }
}

function toBulk(user: ValidUser): BulkUser {
  const now = new Date().toISOString();
  const id = newUserId();
  return {
    user: {
      id,
      provided_id: user.providedId,
      first_name: user.firstName,
      last_name: user.lastName,
      ...nameKeys(user.firstName, user.lastName),
      picture: user.picture,
      created_on: now,
    },
    identities: user.identities.map((i) => ({
      id: newIdentityId(),
      type: i.type,
      name: i.name,
      lookup_key: i.lookupKey,
      lookalike_key: i.lookalikeKey,
      lookalike_cased_key: i.lookalikeCasedKey,
      connection_id: i.connectionId,
      is_primary: i.isPrimary ? 1 : 0,
      is_confirmed: i.isConfirmed ? 1 : 0,
      created_on: now,
    })),
    password: user.password,
  };
}
