import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import type { ParsedTokenInfo } from '@streamparser/json';
import { toJsonRecord, type JsonRecord } from './json-record.js';

/** Where the array of user objects sits: the whole file (`[…]`) or a top-level property (`{"users":[…]}`). */
export type ArrayLocation = { kind: 'top-level' } | { kind: 'property'; name: string };

class ShapeError extends Error {}

/**
 * Checks, token by token, that the document has the expected outer shape, so a wrong file fails at once with a clear
 * message instead of quietly yielding nothing.
 */
class OuterShape {
  private depth = 0;
  private awaitingKey = false;
  private awaitingValue = false;
  private key: string | undefined;
  private started = false;
  found = false;

  constructor(
    private readonly location: ArrayLocation,
    private readonly describe: string,
  ) {}

  see(token: TokenType, value: unknown): void {
    if (!this.started) {
      this.started = true;
      const expected = this.location.kind === 'top-level' ? TokenType.LEFT_BRACKET : TokenType.LEFT_BRACE;
      if (token !== expected) throw new ShapeError(`The file is not ${this.describe}`);
      if (this.location.kind === 'top-level') this.found = true;
    }
    if (this.location.kind === 'property' && this.depth === 1) this.seeTopLevelMember(token, value, this.location.name);
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      this.depth += 1;
      if (this.depth === 1) this.awaitingKey = true;
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
      this.depth -= 1;
    }
  }

  private seeTopLevelMember(token: TokenType, value: unknown, name: string): void {
    if (this.awaitingKey && token === TokenType.STRING) {
      this.key = value as string;
      this.awaitingKey = false;
    } else if (token === TokenType.COLON) {
      this.awaitingValue = true;
    } else if (this.awaitingValue) {
      this.awaitingValue = false;
      if (this.key === name) {
        if (token !== TokenType.LEFT_BRACKET) throw new ShapeError(`"${name}" is not an array: the file is not ${this.describe}`);
        this.found = true;
      }
    } else if (token === TokenType.COMMA) {
      this.awaitingKey = true;
    }
  }
}

/**
 * Streams the elements of one JSON array, one record per element (numbered from 1), in batches: the elements each
 * chunk completes, which are all that is held in memory. Invalid JSON cannot be resynchronised, so it ends the whole
 * read with an error naming the last element read; the elements before it have been yielded by then.
 */
export async function* readJsonArray(
  chunks: AsyncIterable<Buffer>,
  location: ArrayLocation,
  describe: string,
): AsyncGenerator<JsonRecord[]> {
  const path = location.kind === 'top-level' ? '$.*' : `$.${location.name}.*`;
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: [path], keepStack: false });
  const shape = new OuterShape(location, describe);
  const ready: JsonRecord[] = [];
  let elements = 0;
  tokenizer.onToken = (info: ParsedTokenInfo) => {
    shape.see(info.token, info.value);
    parser.write(info);
  };
  parser.onValue = ({ value }) => {
    elements += 1;
    ready.push(toJsonRecord(elements, value, `Element ${elements}`));
  };
  const failure = (error: unknown): Error => {
    if (error instanceof ShapeError) return error;
    const message = (error as Error).message;
    return shape.found
      ? new Error(`The file is not valid JSON after element ${elements}: ${message}`)
      : new Error(`The file is not ${describe}: ${message}`);
  };
  for await (const chunk of chunks) {
    let problem: Error | undefined;
    try {
      tokenizer.write(chunk);
    } catch (error) {
      problem = failure(error);
    }
    if (ready.length > 0) yield ready.splice(0);
    if (problem) throw problem;
  }
  try {
    tokenizer.end();
    if (!parser.isEnded) parser.end();
  } catch (error) {
    throw failure(error);
  }
  if (ready.length > 0) yield ready.splice(0);
  if (!shape.found && location.kind === 'property') {
    throw new ShapeError(`The file is not ${describe}: it has no "${location.name}" array`);
  }
}
