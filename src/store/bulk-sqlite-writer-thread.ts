// The thread that writes an import's batches to SQLite, started by bulk-sqlite-writer.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteBatchWriter, type SqliteBatchWriter } from './bulk-sqlite-batch-writer.js';
import type { WriterReply, WriterRequest } from './bulk-sqlite-writer.js';

const port = parentPort!;
let writer: SqliteBatchWriter | undefined;

function handle(request: WriterRequest): WriterReply {
  if (request.type === 'open') {
    writer = openSqliteBatchWriter((workerData as { file: string }).file);
    return { type: 'opened' };
  }
  if (request.type === 'write') return { type: 'written', left: [...writer!.writeBatch(request.users, request.event)] };
  throw new Error(`Unknown request ${request.type}`);
}

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    writer?.close();
    port.close();
    return;
  }
  try {
    port.postMessage(handle(request));
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    port.postMessage({ type: 'failed', message: message ?? String(error), code });
  }
});
