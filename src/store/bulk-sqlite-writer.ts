import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditEvent } from './audit.js';
import type { BulkUser } from './bulk-session.js';
import { openSqliteBatchWriter } from './bulk-sqlite-batch-writer.js';

export interface SqliteWriter {
  writeBatch(users: BulkUser[], event: AuditEvent): Promise<Set<string>>;
  close(): Promise<void>;
}

/** What is asked of the writer thread (bulk-sqlite-writer-thread.ts), and its replies: one to each request but `close`. */
export type WriterRequest = { type: 'open' } | { type: 'write'; users: BulkUser[]; event: AuditEvent } | { type: 'close' };
export type WriterReply = { type: 'opened' } | { type: 'written'; left: string[] } | { type: 'failed'; message: string; code?: string };

const THREAD_SCRIPT = new URL('./bulk-sqlite-writer-thread.js', import.meta.url);
// The thread holds one batch at a time (a few megabytes at the default size), which outlives any young generation:
// a small one wastes no memory, and a capped heap keeps V8 from letting garbage pile up.
const THREAD_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 2 };

/**
 * SQLite calls block their thread, so batches are written in a thread of their own while this one reads, validates
 * and checks the next batch. Run from the TypeScript sources (as the tests do) there is no compiled script to start
 * a thread with, and batches are written here instead.
 */
export async function openSqliteWriter(file: string): Promise<SqliteWriter> {
  if (!existsSync(fileURLToPath(THREAD_SCRIPT))) {
    const writer = openSqliteBatchWriter(file);
    return { writeBatch: async (users, event) => writer.writeBatch(users, event), close: async () => writer.close() };
  }
  return startWriterThread(file);
}

async function startWriterThread(file: string): Promise<SqliteWriter> {
  const worker = new Worker(THREAD_SCRIPT, { workerData: { file }, resourceLimits: THREAD_LIMITS });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Replies come in the order of the requests.
  const waiting: { resolve: (reply: WriterReply) => void; reject: (error: Error) => void }[] = [];
  const request = (message: WriterRequest) =>
    new Promise<WriterReply>((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(message);
    });
  const failAll = (error: Error) => waiting.splice(0).forEach((w) => w.reject(error));
  worker.on('message', (reply: WriterReply) => waiting.shift()?.resolve(reply));
  worker.on('error', failAll);
  void exited.then(() => failAll(new Error('The import writer stopped unexpectedly')));

  const opened = await request({ type: 'open' });
  if (opened.type === 'failed') {
    await worker.terminate();
    throw Object.assign(new Error(opened.message), { code: opened.code });
  }
  return {
    async writeBatch(users, event) {
      const reply = await request({ type: 'write', users, event });
      if (reply.type === 'failed') throw Object.assign(new Error(reply.message), { code: reply.code });
      return new Set(reply.type === 'written' ? reply.left : []);
    },
    async close() {
      worker.postMessage({ type: 'close' } satisfies WriterRequest);
      await exited;
    },
  };
}
