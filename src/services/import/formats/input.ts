/** Anything a file's bytes can arrive as: a Node stream, or any async iterable of chunks. */
export type ImportInput = NodeJS.ReadableStream | AsyncIterable<Buffer | string>;

export async function* asBuffers(input: ImportInput): AsyncGenerator<Buffer> {
  for await (const chunk of input as AsyncIterable<Buffer | string | Uint8Array>) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else if (Buffer.isBuffer(chunk)) yield chunk;
    else yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const isBlankByte = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

export interface PeekedInput {
  /** The first character after any byte-order mark and whitespace, or undefined for an empty file. */
  first: string | undefined;
  /** The whole input again, from its first byte, byte-order mark included. */
  chunks: AsyncIterable<Buffer>;
  /** Releases the input (destroying a stream) if reading stopped before its end. */
  close: () => Promise<void>;
}

/** Reads just enough of the input to see its first significant character, without losing what was read. */
export async function peekFirstCharacter(input: ImportInput): Promise<PeekedInput> {
  const iterator = asBuffers(input)[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let offset = 0;
  let first: string | undefined;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    const head = Buffer.concat(seen);
    if (offset === 0 && head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
    if (offset === 0 && head.subarray(0, BOM.length).equals(BOM)) offset = BOM.length;
    while (offset < head.length && isBlankByte(head[offset]!)) offset += 1;
    if (offset < head.length) {
      first = String.fromCharCode(head[offset]!);
      break;
    }
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen.splice(0);
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const close = async () => {
    await iterator.return?.(undefined);
  };
  return { first, chunks: replay(), close };
}
