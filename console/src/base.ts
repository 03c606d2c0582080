/**
 * Where the console lives: the page's path up to and including `/admin`. The issuer is the page's origin plus whatever
 * path precedes `/admin`, so the console works wherever `roster serve` is mounted.
 */
const at = location.pathname.search(/\/admin(?:\/|$)/);

export const BASE = at >= 0 ? location.pathname.slice(0, at + '/admin'.length) : '/admin';
export const ISSUER = location.origin + BASE.slice(0, -'/admin'.length);
/** The console's own address, absolute: the post-logout target. */
export const CONSOLE_URL = location.origin + BASE;
