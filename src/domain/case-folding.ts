import { readFileSync } from 'node:fs';

// Unicode full case folding (statuses C and F of the vendored CaseFolding.txt, Unicode 16.0). JavaScript has none, and
// toLowerCase() misses folds such as ς → σ, ß → ss, ᲀ → в and ſ → s.

// Source and compiled file both sit two levels below the project root (src/domain/, dist/domain/).
const DATA_URL = new URL('../../data/unicode/CaseFolding.txt', import.meta.url);

let folds: Map<number, string> | undefined;

/** Lines look like `00DF; F; 0073 0073; # LATIN SMALL LETTER SHARP S`: code point, status, mapping. */
function loadFolds(): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of readFileSync(DATA_URL, 'utf8').split('\n')) {
    const data = line.split('#', 1)[0]!.trim();
    if (data === '') continue;
    const [source, status, target] = data.split(';').map((field) => field.trim());
    if (!source || !status || !target) throw new Error(`CaseFolding.txt: malformed line: ${line}`);
    if (status !== 'C' && status !== 'F') continue;
    map.set(parseInt(source, 16), String.fromCodePoint(...target.split(/\s+/).map((hex) => parseInt(hex, 16))));
  }
  return map;
}

/** Full case folding, code point by code point; the result may be longer than the input (ß → ss). */
export function caseFold(s: string): string {
  const table = (folds ??= loadFolds());
  let folded = '';
  for (const ch of s) folded += table.get(ch.codePointAt(0)!) ?? ch;
  return folded;
}
