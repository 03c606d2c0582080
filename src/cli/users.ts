import { createWriteStream, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { Command, InvalidArgumentError } from 'commander';
import { exportUsers } from '../services/export.js';
import { DEFAULT_BATCH_SIZE } from '../services/import/batch-size.js';
import type { ParseOptions } from '../services/import/record.js';
import { IMPORT_FORMAT_NAMES } from '../services/import/record.js';
import type { ImportCounts, ImportReport } from '../services/import/report.js';
import { checkFormatName } from '../services/import/source.js';
import type { ImportJob, ImportMessage } from './import-worker.js';
import { progressLine } from './progress.js';
import { withDataOption, withRoster } from './shared.js';

interface ImportFlags {
  format?: string;
  dryRun?: boolean;
  allowPartial?: boolean;
  json?: boolean;
  batch: number;
  firebaseSignerKey?: string;
  firebaseSaltSeparator?: string;
  firebaseRounds?: number;
  firebaseMemCost?: number;
  data?: string;
}

interface ExportFlags {
  format: string;
  includePasswordHashes?: boolean;
  out?: string;
  data?: string;
}

const positiveInteger = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return Number(value);
};

export function usersCommand(): Command {
  const users = new Command('users').description('import and export users in bulk');

  withDataOption(
    users
      .command('import')
      .description(
        'import users from a Kinde CSV or NDJSON file, an Auth0 export or a Firebase export; existing users are skipped, never updated',
      )
      .argument('<file>', 'the file to import')
      .option('--format <format>', `${IMPORT_FORMAT_NAMES.join(' | ')} (default: guessed from the file)`)
      .option('--dry-run', 'check every row against the file and the database and print the report; write nothing')
      .option('--json', 'print the report as one JSON object')
      .option('--allow-partial', 'exit 0 even when rows were refused (invalid or duplicated), importing the rest')
      .option('--batch <users>', 'users written per transaction', positiveInteger, DEFAULT_BATCH_SIZE)
      .option('--firebase-signer-key <key>', "Firebase's password hash signer key (base64)")
      .option('--firebase-salt-separator <separator>', "Firebase's salt separator (base64)")
      .option('--firebase-rounds <n>', "Firebase's scrypt rounds", positiveInteger)
      .option('--firebase-mem-cost <n>', "Firebase's scrypt memory cost", positiveInteger),
  ).action(async (file: string, flags: ImportFlags) => {
    statSync(file);
    const job: ImportJob = {
      file,
      format: checkFormatName(flags.format, '--format'),
      dryRun: flags.dryRun === true,
      batchSize: flags.batch,
      parseOptions: firebaseOptions(flags),
      configFlags: { data: flags.data },
    };
    const progress = process.stderr.isTTY ? progressLine(process.stderr) : undefined;
    try {
      const report = await runImportWorker(job, (counts, percent) =>
        progress?.show(
          `${percent}% ${counts.read.toLocaleString('en-US')} rows read, ${counts.imported.toLocaleString('en-US')} ${job.dryRun ? 'to import' : 'imported'}, ${counts.skipped_existing} already there, ${counts.invalid} invalid, ${counts.duplicates} duplicates`,
        ),
      );
      progress?.done();
      if (flags.json) console.log(JSON.stringify({ ...report, max_rss_bytes: process.resourceUsage().maxRSS * 1024 }));
      else console.log(readableReport(report));
      const refused = report.counts.invalid + report.counts.duplicates;
      if (refused > 0 && !flags.allowPartial) {
        const rows = `${refused.toLocaleString('en-US')} ${refused === 1 ? 'row was' : 'rows were'}`;
        throw new Error(
          `${rows} refused (${report.counts.invalid} invalid, ${report.counts.duplicates} duplicated)${report.dry_run ? ' in the dry run' : '; the other rows were imported'}: fix them and run again (rows already imported are skipped), or pass --allow-partial to accept this`,
        );
      }
    } catch (error) {
      progress?.done();
      throw error;
    }
  });

  withDataOption(
    users
      .command('export')
      .description("write every user as Kinde's users.ndjson export")
      .option('--format <format>', 'kinde-ndjson (the only one)', 'kinde-ndjson')
      .option('--include-password-hashes', 'include each user’s password hash and its parameters')
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (flags: ExportFlags) => {
    if (flags.format !== 'kinde-ndjson') throw new Error(`Unknown export format ${flags.format}: use kinde-ndjson`);
    const out = flags.out ? createWriteStream(flags.out) : process.stdout;
    const progress = flags.out && process.stderr.isTTY ? progressLine(process.stderr) : undefined;
    const count = await withRoster(flags, (roster) =>
      exportUsers(roster, out, {
        includePasswordHashes: flags.includePasswordHashes === true,
        onProgress: progress && ((n) => progress.show(`${n.toLocaleString('en-US')} users exported`)),
      }),
    );
    progress?.done();
    if (flags.out) {
      out.end();
      await finished(out);
      console.error(`Exported ${count.toLocaleString('en-US')} users to ${flags.out}`);
    }
  });
  return users;
}

function firebaseOptions(flags: ImportFlags): ParseOptions {
  const given = [flags.firebaseSignerKey, flags.firebaseSaltSeparator, flags.firebaseRounds, flags.firebaseMemCost];
  if (given.every((v) => v === undefined)) return {};
  if (given.some((v) => v === undefined)) {
    throw new Error(
      'Give all four of --firebase-signer-key, --firebase-salt-separator, --firebase-rounds and --firebase-mem-cost (from the Firebase console’s password hash parameters)',
    );
  }
  return {
    firebaseHashConfig: {
      signerKey: flags.firebaseSignerKey!,
      saltSeparator: flags.firebaseSaltSeparator!,
      rounds: flags.firebaseRounds!,
      memCost: flags.firebaseMemCost!,
    },
  };
}

// The import's heap, in its own thread: V8 otherwise lets it grow far past what the import keeps alive.
const IMPORT_HEAP_MB = 160;

function runImportWorker(job: ImportJob, onProgress: (counts: ImportCounts, percent: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./import-worker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB },
    });
    let settled = false;
    worker.on('message', (message: ImportMessage) => {
      if (message.type === 'progress') return onProgress(message.counts, message.percent);
      settled = true;
      if (message.type === 'done') resolve(message.report);
      else reject(new Error(message.message));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The import stopped unexpectedly (exit code ${code})`));
    });
  });
}

function readableReport(report: ImportReport): string {
  const c = report.counts;
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `${report.dry_run ? 'Dry run (nothing written)' : 'Import'} of ${report.format ?? 'the file'}: ${n(c.read)} rows read in ${report.seconds} s`,
    `  ${report.dry_run ? 'would import' : 'imported'}: ${n(c.imported)}`,
    `  skipped, already exist: ${n(c.skipped_existing)}`,
    `  duplicates in the file: ${n(c.duplicates)}`,
    `  invalid: ${n(c.invalid)}`,
    `  look-alike usernames: ${n(c.lookalike_warnings)}`,
  ];
  const section = (title: string, entries: string[]) => {
    if (entries.length === 0) return;
    lines.push('', `${title}:`, ...entries.slice(0, 50).map((e) => `  ${e}`));
    if (entries.length > 50) lines.push(`  … and ${n(entries.length - 50)} more (--json lists them all)`);
  };
  section(
    'Invalid rows',
    report.invalid.map((p) => `row ${p.row}, ${p.field || 'row'}: ${p.reason} (${p.code})`),
  );
  section(
    'Duplicates',
    report.duplicates.map((d) => `row ${d.row}, ${d.field}: ${d.reason}`),
  );
  section(
    'Already exist',
    report.existing.map((e) => `row ${e.row}, ${e.field}: ${e.reason}`),
  );
  section(
    'Look-alike usernames',
    report.lookalikes.map(
      (l) => `row ${l.row}: ${l.username} looks like ${l.looks_like} (${l.other_row === null ? 'already stored' : `row ${l.other_row}`})`,
    ),
  );
  if (report.ignored_fields.length > 0) lines.push('', `Not imported (Roster has no such data): ${report.ignored_fields.join(', ')}`);
  if (report.truncated) lines.push('', `Lists are cut at ${n(report.listed_limit)} entries each; the counts are complete.`);
  return lines.join('\n');
}
