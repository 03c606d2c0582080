import type { Config } from '../../config.js';
import { html, type Html } from './html.js';

export const THEME_PATH = '/auth/theme.css';
export const CUSTOM_THEME_PATH = '/auth/custom.css';

/** Whether pages link the operator's stylesheet (ROSTER_THEME_CSS), served at CUSTOM_THEME_PATH after the default. */
export const hasCustomTheme = (config: Pick<Config, 'themeCss'>) => config.themeCss !== undefined;

export interface PageOptions {
  title: string;
  body: Html;
  customTheme: boolean;
}

export function page({ title, body, customTheme }: PageOptions): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${THEME_PATH}">
${customTheme ? html`<link rel="stylesheet" href="${CUSTOM_THEME_PATH}">` : ''}
</head>
<body>
<main class="card">
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`}`;
}
