/** Search keys for names, computed here so both databases compare plain bytes and neither has to lower-case. */
export const searchKey = (text: string): string => text.normalize('NFC').toLowerCase();

export interface NameKeys {
  /** "given family": a prefix of it matches the given name or the full name. */
  full_name_key: string | null;
  last_name_key: string | null;
}

export function nameKeys(firstName: string | null, lastName: string | null): NameKeys {
  const full = [firstName, lastName].filter((part) => part?.trim()).join(' ');
  return { full_name_key: full ? searchKey(full) : null, last_name_key: lastName?.trim() ? searchKey(lastName) : null };
}
