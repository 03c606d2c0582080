import { readFileSync } from 'node:fs';

// UTS #39 confusable detection over the vendored Unicode 16.0 confusables.txt. Two strings look alike when their
// skeletons are equal. A skeleton is for comparison only: never store it as, or show it in place of, the name.

// Source and compiled file both sit two levels below the project root (src/domain/, dist/domain/).
const DATA_URL = new URL('../../data/unicode/confusables.txt', import.meta.url);

let prototypes: Map<number, string> | undefined;

/** Lines look like `0030 ;\t004F ;\tMA\t# ( 0 → O ) …`: source code point, prototype code points, type, comment. */
function loadPrototypes(): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of readFileSync(DATA_URL, 'utf8').split('\n')) {
    const data = line.split('#', 1)[0]!.trim();
    if (data === '') continue;
    const [source, target] = data.split(';').map((field) => field.trim());
    if (!source || !target) throw new Error(`confusables.txt: malformed line: ${line}`);
    map.set(parseInt(source, 16), String.fromCodePoint(...target.split(/\s+/).map((hex) => parseInt(hex, 16))));
  }
  return map;
}

// Since Unicode 15.1 the data no longer maps default-ignorables to nothing; the skeleton algorithm removes them.
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** UTS #39 skeleton: NFD, drop default-ignorable code points, map each code point to its prototype, NFD again. */
export function skeleton(s: string): string {
  const table = (prototypes ??= loadPrototypes());
  let mapped = '';
  for (const ch of s.normalize('NFD').replace(DEFAULT_IGNORABLE, '')) mapped += table.get(ch.codePointAt(0)!) ?? ch;
  return mapped.normalize('NFD');
}

/**
 * Unicode full case folding. JavaScript has no case-fold function and toLowerCase() alone misses many folds
 * (ß/ẞ → ss, ſ → s, ς → σ, ﬀ → ff, µ → μ, U+0345 → ι). Lower-upper-lower gives the same equivalence classes as
 * CaseFolding.txt (C+F) for every code point; the one extra merge, dotless ı with i, the skeleton makes anyway.
 */
const fold = (s: string): string => s.toLowerCase().toUpperCase().toLowerCase();

/** The look-alike key: usernames with equal keys differ only in case or in confusable characters. */
export function lookalikeKey(name: string): string {
  return fold(skeleton(fold(name)));
}
