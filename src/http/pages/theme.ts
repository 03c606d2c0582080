/** The default look. Operators restyle it by overriding these custom properties (or anything else) in their own file. */
export const DEFAULT_THEME_CSS = `:root {
  --roster-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --roster-background: #f4f5f7;
  --roster-surface: #ffffff;
  --roster-text: #1d2433;
  --roster-muted: #5a6478;
  --roster-accent: #3451d1;
  --roster-accent-text: #ffffff;
  --roster-error: #b42318;
  --roster-border: #c7ccd6;
  --roster-focus: #f5a300;
  --roster-radius: 8px;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: flex-start; justify-content: center; padding: 3rem 1rem;
  font: 16px/1.5 var(--roster-font); color: var(--roster-text); background: var(--roster-background); }
.card { width: 100%; max-width: 26rem; background: var(--roster-surface); border-radius: var(--roster-radius);
  padding: 2rem; box-shadow: 0 1px 3px rgb(0 0 0 / 12%); }
h1 { font-size: 1.5rem; margin: 0 0 1.5rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.75rem; }
form { margin: 0 0 1.5rem; }
.field { margin-bottom: 1rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { color: var(--roster-muted); font-size: 0.875rem; margin: 0 0 0.25rem; }
input:not([type=hidden]) { width: 100%; padding: 0.6rem 0.75rem; font: inherit; color: inherit; background: var(--roster-surface);
  border: 1px solid var(--roster-border); border-radius: var(--roster-radius); }
input[aria-invalid=true] { border: 2px solid var(--roster-error); }
.field-error { color: var(--roster-error); font-weight: 600; margin: 0 0 0.25rem; }
button { width: 100%; padding: 0.65rem 1rem; font: inherit; font-weight: 600; color: var(--roster-accent-text);
  background: var(--roster-accent); border: 0; border-radius: var(--roster-radius); cursor: pointer; }
button.secondary { margin-top: 0.75rem; color: var(--roster-accent); background: transparent; border: 2px solid var(--roster-accent); }
a { color: var(--roster-accent); }
:focus-visible { outline: 3px solid var(--roster-focus); outline-offset: 2px; }
.error-summary { border: 2px solid var(--roster-error); border-radius: var(--roster-radius); padding: 0.75rem 1rem; margin-bottom: 1.5rem; }
.error-summary h2 { margin: 0 0 0.5rem; color: var(--roster-error); }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.divider { border: 0; border-top: 1px solid var(--roster-border); margin: 1.5rem 0; }
.links { color: var(--roster-muted); font-size: 0.95rem; }
`;
