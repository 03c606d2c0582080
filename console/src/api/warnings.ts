/**
 * Accepted-with-a-warning answers carry `Roster-Warning: CODE; message, CODE; message` (look-alike usernames under the
 * `warn` policy). Answers the messages.
 */
export function warningsOf(response: Response): string[] {
  const header = response.headers.get('Roster-Warning');
  if (!header) return [];
  return header
    .split(/(?:^|, )(?=[A-Z][A-Z_]*; )/)
    .filter(Boolean)
    .map((part) => part.replace(/^[A-Z][A-Z_]*; /, '').trim())
    .map((message) => (/[.!?]$/.test(message) ? message : `${message}.`));
}
