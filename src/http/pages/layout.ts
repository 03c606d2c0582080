import type { Config } from '../../config.js';
import { appThemePath, type PageApp } from './branding.js';
import { html, type Html } from './html.js';

export const THEME_PATH = '/auth/theme.css';
export const CUSTOM_THEME_PATH = '/auth/custom.css';

/** Whether pages link the operator's stylesheet (ROSTER_THEME_CSS), served at CUSTOM_THEME_PATH after the default. */
export const hasCustomTheme = (config: Pick<Config, 'themeCss'>) => config.themeCss !== undefined;

export interface PageOptions {
  title: string;
  body: Html;
  customTheme: boolean;
  /** The application being signed in to: named (with its logo) above the title; its accent styles the buttons. */
  app?: PageApp | undefined;
}

function brand(app: PageApp | undefined): Html | '' {
  if (!app) return '';
  return html`<header class="brand">
    ${app.logoUrl ? html`<img class="brand-logo" src="${app.logoUrl}" alt="" width="40" height="40" />` : ''}
    <span class="brand-name">${app.name}</span>
  </header>`;
}

export function page({ title, body, customTheme, app }: PageOptions): string {
  const pageTitle = app ? `${title} · ${app.name}` : title;
  return `<!doctype html>${html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <title>${pageTitle}</title>
      <link rel="stylesheet" href="${THEME_PATH}" />
      ${customTheme ? html`<link rel="stylesheet" href="${CUSTOM_THEME_PATH}" />` : ''}
      ${app?.accentColor ? html`<link rel="stylesheet" href="${appThemePath(app)}" />` : ''}
    </head>
    <body>
      <main class="card">
        ${brand(app)}
        <h1>${title}</h1>
        ${body}
      </main>
    </body>
  </html> `}`;
}
