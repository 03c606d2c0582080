/** The raw query string of a request URL (after `?`), untouched by any parser, so repeated parameters stay visible. */
export const rawQuery = (url: string) => {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
};
