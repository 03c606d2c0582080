// C0 controls (NUL included) and UTF-16 halves without their partner (`\p{Cs}` under the u flag matches only those):
// no field of Roster's accepts them, PostgreSQL cannot store NUL, and a lone surrogate cannot become UTF-8 unaltered.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001F\p{Cs}]/u;

/** Why a text input is refused, or undefined when it is safe to hand on. */
export function unsafeTextReason(text: string): string | undefined {
  const found = UNSAFE.exec(text)?.[0];
  if (found === undefined) return undefined;
  const code = found.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 ? `contains a control character (${hex})` : `contains an unpaired surrogate (${hex})`;
}
