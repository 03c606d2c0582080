import { StringDecoder } from 'node:string_decoder';

/** One user record is far smaller; a longer "line" means the file is not line-delimited, so stop early. */
export const MAX_LINE_CHARACTERS = 1024 * 1024;

export interface NumberedLine {
  /** 1-based physical line number. */
  line: number;
  text: string;
}

/**
 * Splits UTF-8 bytes into lines (LF or CRLF), dropping a leading byte-order mark. Blank lines are skipped but still
 * counted, so line numbers match what an editor shows. Yields the lines completed by each chunk together: one await
 * per chunk rather than per line.
 */
export async function* readLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<NumberedLine[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  let first = true;
  const take = (raw: string): NumberedLine | undefined => {
    line += 1;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (first) {
      first = false;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    return text.trim() === '' ? undefined : { line, text };
  };
  for await (const chunk of chunks) {
    pending += decoder.write(chunk);
    const batch: NumberedLine[] = [];
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      const taken = take(pending.slice(start, end));
      start = end + 1;
      if (taken) batch.push(taken);
    }
    pending = pending.slice(start);
    if (batch.length > 0) yield batch;
    if (pending.length > MAX_LINE_CHARACTERS) {
      const what = `Line ${line + 1} is longer than ${MAX_LINE_CHARACTERS} characters`;
      throw new Error(`${what}: the file does not look like one JSON object per line`);
    }
  }
  pending += decoder.end();
  if (pending !== '') {
    const taken = take(pending);
    if (taken) yield [taken];
  }
}
