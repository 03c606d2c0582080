const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** A timestamp as people read it here (a line may break between the day and the time, nowhere else), or a word for never. */
export function when(iso: string | null | undefined, never = 'Never') {
  if (!iso) return never;
  const date = new Date(iso);
  return (
    <time dateTime={iso}>
      <span className="nowrap">{day.format(date)}</span> <span className="nowrap">{time.format(date)}</span>
    </time>
  );
}

export const count = (n: number | null | undefined) => (n ?? 0).toLocaleString();

interface Named {
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  preferred_email?: string | null;
  username?: string | null;
  phone?: string | null;
  id: string;
}

/** A person's name, else their primary email, username or phone: what a row or heading calls them. */
export function nameOf(user: Named): string {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name || user.preferred_email || user.email || user.username || user.phone || user.id;
}

export function initialsOf(user: Named): string {
  const letters = [user.first_name, user.last_name].filter(Boolean).map((part) => [...part!.trim()][0] ?? '');
  return (letters.join('') || [...nameOf(user)][0] || '?').toUpperCase();
}

const BROWSERS: [string, RegExp][] = [
  ['Edge', /Edg\/(\d+)/],
  ['Firefox', /Firefox\/(\d+)/],
  ['Chrome', /Chrom(?:e|ium)\/(\d+)/],
  ['Safari', /Version\/(\d+).*Safari/],
];
const SYSTEMS: [string, RegExp][] = [
  ['Windows', /Windows/],
  ['iOS', /iPhone|iPad/],
  ['macOS', /Mac OS X/],
  ['Android', /Android/],
  ['Linux', /Linux/],
];

/** "Chrome 134 on macOS" from a user agent: enough to recognise a session. */
export function browserOf(agent: string | null | undefined): string {
  if (!agent) return 'Unknown';
  const found = BROWSERS.map(([name, pattern]) => [name, pattern.exec(agent)?.[1]] as const).find(([, version]) => version);
  const browser = found ? `${found[0]} ${found[1]}` : (agent.split(/[ /]/)[0] ?? 'Unknown');
  const system = SYSTEMS.find(([, pattern]) => pattern.test(agent))?.[0];
  return system ? `${browser} on ${system}` : browser;
}
