import { readFileSync } from 'node:fs';
import { caseFold } from './case-folding.js';

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

export interface LookalikeKeys {
  /** `fold(skeleton(fold(name)))`: catches confusables of small letters (`m` → `rn` in `Modern`). */
  folded: string;
  /** `fold(skeleton(name))`: catches confusables of capitals that folding would lose (`I` → `l`). */
  cased: string;
}

/**
 * The look-alike keys: a username looks like another when either key equals the other's key of the same kind. Two
 * keys, because folding first turns `I` into `i` and the `I` → `l` confusable never applies, while folding last keeps
 * `M` from becoming `rn`.
 */
export function lookalikeKeys(name: string): LookalikeKeys {
  return { folded: caseFold(skeleton(caseFold(name))), cased: caseFold(skeleton(name)) };
}
