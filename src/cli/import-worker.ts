import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { ConfigFlags } from '../config.js';
import { CLI_ACTOR } from '../domain/actor.js';
import { importUsers } from '../services/import/pipeline.js';
import type { ImportFormatName, ParseOptions } from '../services/import/record.js';
import type { ImportCounts, ImportReport } from '../services/import/report.js';
import { openImportSource } from '../services/import/source.js';
import { withRoster } from './shared.js';

export interface ImportJob {
  file: string;
  format: ImportFormatName | undefined;
  dryRun: boolean;
  batchSize: number;
  parseOptions: ParseOptions;
  configFlags: ConfigFlags;
}

export type ImportMessage =
  | { type: 'progress'; counts: ImportCounts; percent: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'failed'; message: string };

/** Runs one import in this worker thread and reports back; the thread's heap limit is what bounds its memory. */
async function run(job: ImportJob): Promise<ImportReport> {
  const size = statSync(job.file).size;
  const input = createReadStream(job.file);
  try {
    return await withRoster(job.configFlags, async (roster) => {
      const source = await openImportSource(input, job.format, { ...job.parseOptions, fileName: basename(job.file) });
      return importUsers(roster, source.rows, {
        dryRun: job.dryRun,
        batchSize: job.batchSize,
        format: source.format,
        actor: CLI_ACTOR,
        onProgress: (counts) =>
          post({ type: 'progress', counts, percent: size > 0 ? Math.min(100, Math.floor((input.bytesRead / size) * 100)) : 100 }),
      });
    });
  } finally {
    input.destroy();
  }
}

const post = (message: ImportMessage) => parentPort!.postMessage(message);

run(workerData as ImportJob).then(
  (report) => post({ type: 'done', report }),
  (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
