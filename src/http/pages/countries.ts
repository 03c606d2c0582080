import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js';

export interface CountryOption {
  code: CountryCode;
  /** "United Kingdom (+44)". */
  label: string;
}

const names = new Intl.DisplayNames(['en'], { type: 'region' });

/** Every country libphonenumber knows, by English name, each with its calling code. */
export const COUNTRIES: readonly CountryOption[] = getCountries()
  .map((code) => ({ code, name: names.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'))
  .map(({ code, name }) => ({ code, label: `${name} (+${getCountryCallingCode(code)})` }));

const KNOWN = new Set<string>(COUNTRIES.map((c) => c.code));

export const isCountry = (code: string) => KNOWN.has(code);

/**
 * The country a browser's languages suggest: the region of the most preferred tag that has one, or that its language
 * implies (`en-GB` → GB, `de` → DE, `en` → US). Undefined when nothing fits.
 */
export function countryFromLanguages(header: string | undefined): CountryCode | undefined {
  const tags = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag!.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags.slice(0, 10)) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && KNOWN.has(region)) return region as CountryCode;
    } catch {
      // Not a language tag: try the next.
    }
  }
  return undefined;
}
