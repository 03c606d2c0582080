import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledUpload {
  /** A fresh stream of the whole upload, as often as needed. */
  open(): Readable;
  remove(): Promise<void>;
}

/**
 * Writes an upload to a temporary file, so that it can be read twice: once to check all of it, once to import it.
 * The chunks carry their own size limit; a refused upload leaves no file behind.
 */
export async function spoolUpload(chunks: AsyncIterable<Buffer>): Promise<SpooledUpload> {
  const folder = await mkdtemp(join(tmpdir(), 'roster-upload-'));
  const remove = () => rm(folder, { recursive: true, force: true });
  const file = join(folder, 'upload');
  try {
    await pipeline(Readable.from(chunks), createWriteStream(file));
  } catch (error) {
    await remove();
    throw error;
  }
  return { open: () => createReadStream(file), remove };
}
