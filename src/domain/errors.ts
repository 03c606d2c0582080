/** Every failure a caller can cause is a RosterError: an HTTP status, Kinde-style code and a message for people. */
export class RosterError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RosterError';
  }

  /** The same error, blamed on a field as the request names it. */
  at(field: string): RosterError {
    return new RosterError(this.status, this.code, this.message, field);
  }
}

export const invalid = (code: string, message: string, field?: string) => new RosterError(400, code, message, field);
export const notFound = (code: string, message: string) => new RosterError(404, code, message);
export const conflict = (code: string, message: string, field?: string) => new RosterError(409, code, message, field);

/** An OAuth 2.0 error (RFC 6749 §5.2): answered as `{error, error_description}`, not in Kinde's envelope. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}
