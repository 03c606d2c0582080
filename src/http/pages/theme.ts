/** The default look. Operators restyle it by overriding these custom properties (or anything else) in their own file. */
export const DEFAULT_THEME_CSS = `:root {
  color-scheme: light dark;
  --roster-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --roster-background: #f4f5f7;
  --roster-surface: #ffffff;
  --roster-text: #1d2433;
  --roster-muted: #5a6478;
  --roster-accent: #3451d1;
  --roster-accent-text: #ffffff;
  --roster-link: #3451d1;
  --roster-error: #b42318;
  --roster-border: #8a93a6;
  --roster-focus: #f5a300;
  --roster-notice: #e8f0fe;
  --roster-radius: 8px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --roster-background: #0f131a;
    --roster-surface: #1a202b;
    --roster-text: #e8ebf1;
    --roster-muted: #a9b1c2;
    --roster-accent: #8da2fb;
    --roster-accent-text: #0f131a;
    --roster-link: #a5b4fc;
    --roster-error: #ff8a80;
    --roster-border: #6b7487;
    --roster-notice: #22304d;
  }
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: flex-start; justify-content: center; padding: 3rem 1rem;
  font: 16px/1.5 var(--roster-font); color: var(--roster-text); background: var(--roster-background); }
.card { width: 100%; max-width: 26rem; background: var(--roster-surface); border-radius: var(--roster-radius);
  padding: 2rem; box-shadow: 0 1px 3px rgb(0 0 0 / 12%); }
@media (max-width: 480px) {
  body { padding: 1rem 0.75rem; }
  .card { padding: 1.25rem; }
}
.brand { display: flex; align-items: center; gap: 0.75rem; margin: 0 0 1rem; color: var(--roster-muted); font-weight: 600; }
.brand-logo { width: 40px; height: 40px; object-fit: contain; border-radius: 6px; }
h1 { font-size: 1.5rem; margin: 0 0 1.25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.75rem; }
form { margin: 0 0 1rem; }
.field { margin-bottom: 1rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { color: var(--roster-muted); font-size: 0.875rem; margin: 0 0 0.25rem; }
input:not([type=hidden]), select { width: 100%; padding: 0.6rem 0.75rem; font: inherit; color: inherit; background: var(--roster-surface);
  border: 1px solid var(--roster-border); border-radius: var(--roster-radius); }
input[aria-invalid=true], select[aria-invalid=true] { border: 2px solid var(--roster-error); }
.field-error { color: var(--roster-error); font-weight: 600; margin: 0 0 0.25rem; }
button { width: 100%; padding: 0.65rem 1rem; font: inherit; font-weight: 600; color: var(--roster-accent-text);
  background: var(--roster-accent); border: 2px solid var(--roster-accent); border-radius: var(--roster-radius); cursor: pointer; }
button.secondary { color: var(--roster-text); background: transparent; border-color: var(--roster-border); }
button.link { width: auto; padding: 0; font-weight: inherit; color: var(--roster-link); background: none; border: 0;
  text-decoration: underline; }
a { color: var(--roster-link); }
:focus-visible { outline: 3px solid var(--roster-focus); outline-offset: 2px; }
.error-summary { border: 2px solid var(--roster-error); border-radius: var(--roster-radius); padding: 0.75rem 1rem; margin-bottom: 1.5rem; }
.error-summary h2 { margin: 0 0 0.5rem; color: var(--roster-error); }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: var(--roster-error); }
.notice { background: var(--roster-notice); border-radius: var(--roster-radius); padding: 0.75rem 1rem; }
.identity { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; margin: 0 0 1.25rem; overflow-wrap: anywhere; }
.or { display: flex; align-items: center; gap: 0.75rem; color: var(--roster-muted); margin: 1.25rem 0; }
.or::before, .or::after { content: ""; flex: 1; border-top: 1px solid var(--roster-border); }
.divider { border: 0; border-top: 1px solid var(--roster-border); margin: 1.5rem 0; }
.links { color: var(--roster-muted); font-size: 0.95rem; }
.home-links { padding-left: 1.25rem; }
.home-links li { margin-bottom: 0.75rem; }
`;
