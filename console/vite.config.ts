import react from '@vitejs/plugin-react';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';
import { defineConfig, type Plugin } from 'vite';
import { DEFAULT_THEME_CSS } from '../src/http/pages/theme.ts';

/** Replaced per response by `roster serve` (src/http/console.ts), which sends the same nonce in the CSP header. */
export const CSP_NONCE_PLACEHOLDER = '__ROSTER_CSP_NONCE__';

/** The hosted sign-in pages' design tokens (their `:root` block), spliced into tokens.css so both look like one product. */
function signInTokens(): Plugin {
  const block = /:root\s*\{[^}]*\}/.exec(DEFAULT_THEME_CSS)?.[0];
  if (!block) throw new Error('The sign-in theme has no :root block of custom properties');
  return {
    name: 'roster-sign-in-tokens',
    transform(code, id) {
      if (!id.endsWith('/tokens.css')) return undefined;
      return code.replace('/* sign-in tokens */', block);
    },
  };
}

/** `virtual:phone-countries`: [ISO 3166 code, calling code] for every country libphonenumber knows, made at build time. */
function phoneCountries(): Plugin {
  const id = 'virtual:phone-countries';
  return {
    name: 'roster-phone-countries',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (loaded) =>
      loaded === `\0${id}` ? `export default ${JSON.stringify(getCountries().map((c) => [c, getCountryCallingCode(c)]))};` : undefined,
  };
}

export default defineConfig({
  root: import.meta.dirname,
  // Relative, so the built files work under any issuer path; the server writes the absolute base into index.html.
  base: './',
  plugins: [react(), signInTokens(), phoneCountries()],
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
