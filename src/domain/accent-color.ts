import { invalid } from './errors.js';
// An application's accent colour on the hosted pages: the colour of its buttons, with text that stays readable on it.

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rgb`, `#rrggbb` (the `#` optional, any case) as `#rrggbb` in lower case. */
export function checkAccentColor(text: string): string {
  const match = HEX.exec(text.trim());
  if (!match) throw invalid('INVALID_ACCENT_COLOR', `An accent colour is a hex colour such as #3451d1 (got ${text})`, 'accent_color');
  const digits = match[1]!.toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits}`;
}

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(color: string): number {
  const channel = (i: number) => {
    const c = parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Black or white, whichever reads better on the accent. */
export const textOn = (accent: string) => (contrast(accent, '#ffffff') >= contrast(accent, '#000000') ? '#ffffff' : '#000000');
