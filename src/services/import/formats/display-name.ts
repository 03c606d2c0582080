/**
 * Splits a one-field name into first and last on its last space: "Ann Marie Smith" → "Ann Marie" / "Smith". A single
 * word is a first name. Western-order guess; the parts are otherwise kept as given.
 */
export function splitDisplayName(name: string | null): { firstName: string | null; lastName: string | null } {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return { firstName: null, lastName: null };
  const match = /^(.*\S)\s+(\S+)$/su.exec(trimmed);
  return match ? { firstName: match[1]!, lastName: match[2]! } : { firstName: trimmed, lastName: null };
}
