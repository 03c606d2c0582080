/**
 * Kinde's `login_hint` forms: `joe@blogs.com`, `phone:+447700900000:gb` and `username:joebloggs`. The hint only
 * prefills a form, so it is parsed, never validated: the form validates what is finally submitted.
 */
export type LoginHint =
  { type: 'email'; email: string } | { type: 'phone'; phone: string; country?: string } | { type: 'username'; username: string };

const MAX_HINT_LENGTH = 320;

export function parseLoginHint(hint: string | undefined): LoginHint | undefined {
  const text = hint?.trim();
  if (!text || text.length > MAX_HINT_LENGTH) return undefined;
  if (text.startsWith('phone:')) {
    const [phone, country] = text.slice('phone:'.length).split(':');
    if (!phone) return undefined;
    return /^[A-Za-z]{2}$/.test(country ?? '') ? { type: 'phone', phone, country: country!.toUpperCase() } : { type: 'phone', phone };
  }
  if (text.startsWith('username:')) {
    const username = text.slice('username:'.length);
    return username ? { type: 'username', username } : undefined;
  }
  if (text.startsWith('email:')) {
    const email = text.slice('email:'.length);
    return email.includes('@') ? { type: 'email', email } : undefined;
  }
  return text.includes('@') ? { type: 'email', email: text } : undefined;
}
