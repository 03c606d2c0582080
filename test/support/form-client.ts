// A browser without a browser: a cookie jar, redirects followed by hand, and HTML forms read with a few regular
// expressions (the hosted pages are plain server-rendered forms, so a parser would add nothing).

export interface Page {
  url: string;
  status: number;
  headers: Headers;
  /** The absolute Location of a redirect, else undefined. */
  location: string | undefined;
  html: string;
}

export interface Form {
  action: string;
  method: string;
  /** Every named input, select and textarea with its current value (hidden inputs included). */
  fields: Record<string, string>;
}

interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
  '#x2F': '/',
  '#47': '/',
};

export const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (ENTITIES[name] !== undefined) return ENTITIES[name];
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return whole;
  });

/** The attributes of one start tag, names lower-cased, values decoded; a bare attribute is ''. */
export function attributes(tag: string): Record<string, string> {
  const result: Record<string, string> = {};
  const body = tag.replace(/^<\s*[a-z0-9-]+/i, '').replace(/\/?>$/, '');
  for (const match of body.matchAll(/([^\s"'=<>`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    result[match[1]!.toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return result;
}

/** The forms of a page, with actions resolved against its URL. */
export function readForms(page: Pick<Page, 'url' | 'html'>): Form[] {
  const forms: Form[] = [];
  for (const match of page.html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(match[1]!);
    const inner = match[2]!;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const a = attributes(input[0]);
      if (!a.name || ['submit', 'button', 'image', 'reset'].includes(a.type ?? '')) continue;
      if (['checkbox', 'radio'].includes(a.type ?? '') && !('checked' in a)) continue;
      fields[a.name] = a.value ?? '';
    }
    for (const area of inner.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/gi)) {
      const a = attributes(area[1]!);
      if (a.name) fields[a.name] = decodeEntities(area[2]!);
    }
    for (const select of inner.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/gi)) {
      const a = attributes(select[1]!);
      if (!a.name) continue;
      const options = [...select[2]!.matchAll(/<option\b[^>]*>/gi)].map((o) => attributes(o[0]));
      const chosen = options.find((o) => 'selected' in o) ?? options[0];
      fields[a.name] = chosen?.value ?? '';
    }
    forms.push({ action: new URL(attrs.action ?? '', page.url).toString(), method: (attrs.method ?? 'get').toLowerCase(), fields });
  }
  return forms;
}

/** The one form whose action has this path (query ignored); throws with the page's forms when there is none. */
export function findForm(page: Pick<Page, 'url' | 'html'>, actionPath: string): Form {
  const forms = readForms(page);
  const form = forms.find((f) => new URL(f.action).pathname === actionPath);
  if (!form) {
    const found = forms.map((f) => `${f.method} ${new URL(f.action).pathname}`).join(', ') || 'no forms';
    throw new Error(`no form posting to ${actionPath} on ${page.url} (found: ${found})\n${page.html.slice(0, 1500)}`);
  }
  return form;
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

export class FormClient {
  private cookies: Cookie[] = [];

  /** The value of a cookie the server set for this host, if any. */
  cookie(name: string, url: string): string | undefined {
    const host = new URL(url).host;
    return this.cookies.find((c) => c.name === name && c.host === host)?.value;
  }

  clearCookies(): void {
    this.cookies = [];
  }

  /** One request, never following redirects; cookies sent and stored. */
  async request(url: string, init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {}): Promise<Page> {
    const target = new URL(url);
    const cookieHeader = this.cookies
      .filter(
        (c) =>
          c.host === target.host &&
          (target.pathname === c.path || target.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/'),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const response = await fetch(target, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(cookieHeader ? { cookie: cookieHeader } : {}),
        ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...init.headers,
      },
      body: init.body?.toString(),
      signal: AbortSignal.timeout(15_000),
    });
    for (const line of response.headers.getSetCookie()) this.store(line, target);
    const location = response.headers.get('location');
    return {
      url: target.toString(),
      status: response.status,
      headers: response.headers,
      location: location === null ? undefined : new URL(location, target).toString(),
      html: await response.text(),
    };
  }

  private store(line: string, from: URL): void {
    const [pair, ...rest] = line.split(';');
    const eq = pair!.indexOf('=');
    if (eq < 1) return;
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const attrs = Object.fromEntries(
      rest.map((part) => {
        const i = part.indexOf('=');
        return i < 0 ? [part.trim().toLowerCase(), ''] : [part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim()];
      }),
    );
    const path = attrs.path?.startsWith('/') ? attrs.path : '/';
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.host === from.host && c.path === path));
    const expired =
      attrs['max-age'] !== undefined
        ? Number(attrs['max-age']) <= 0
        : attrs.expires !== undefined && Date.parse(attrs.expires) <= Date.now();
    if (!expired) this.cookies.push({ name, value, host: from.host, path });
  }

  get(url: string): Promise<Page> {
    return this.request(url);
  }

  /**
   * Requests `url` and follows redirects (each as a GET, as browsers do after 302 and 303) until a page answers, or
   * until a redirect points somewhere `stop` accepts: that redirect is returned unfollowed (an app's callback, say).
   */
  async follow(url: string, stop: (location: string) => boolean = () => false, first?: Page): Promise<Page> {
    let page = first ?? (await this.get(url));
    for (let hops = 0; isRedirect(page.status) && page.location; hops++) {
      if (stop(page.location)) return page;
      if (hops >= 15) throw new Error(`more than 15 redirects from ${url}`);
      page = await this.get(page.location);
    }
    return page;
  }

  /**
   * Posts the form with this action on `page`: its hidden and prefilled fields as they are, then `values`. Every name in
   * `values` must be a field of the form, so a page that lost a field fails here rather than later.
   */
  async submit(page: Page, actionPath: string, values: Record<string, string>): Promise<Page> {
    const form = findForm(page, actionPath);
    for (const name of Object.keys(values)) {
      if (!(name in form.fields))
        throw new Error(`the ${actionPath} form on ${page.url} has no field "${name}" (it has ${Object.keys(form.fields).join(', ')})`);
    }
    return this.request(form.action, { method: 'POST', body: new URLSearchParams({ ...form.fields, ...values }) });
  }
}
