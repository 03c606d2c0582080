import countries from 'virtual:phone-countries';

export interface Country {
  code: string;
  label: string;
}

const names = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' });
  } catch {
    return null;
  }
})();

/** Every country, by name in the browser's language, with its calling code: "Australia (+61)". */
export const COUNTRIES: Country[] = countries
  .map(([code, calling]) => ({ code, label: `${names?.of(code) ?? code} (+${calling})` }))
  .sort((a, b) => a.label.localeCompare(b.label));

/** The country of the browser's language (en-AU → AU), if it has phone numbers. */
export function defaultCountry(): string {
  const region = /-([A-Z]{2})\b/.exec(navigator.language ?? '')?.[1];
  return region && countries.some(([code]) => code === region) ? region : '';
}
