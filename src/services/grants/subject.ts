import { OAuthError } from '../../domain/errors.js';
import type { TokenSubject } from '../../store/token-subjects.js';

/** Tokens go only to a user who still exists, is not suspended, and whose session is live at `now`. */
export function assertCanSignIn(
  subject: TokenSubject | undefined,
  now: string,
): asserts subject is TokenSubject & { session: NonNullable<TokenSubject['session']> } {
  if (!subject) throw new OAuthError(400, 'invalid_grant', 'The user no longer exists');
  if (!subject.session || subject.session.ended_on !== null || subject.session.expires_on <= now)
    throw new OAuthError(400, 'invalid_grant', 'The session has ended; sign in again');
  if (subject.user.is_suspended) throw new OAuthError(400, 'invalid_grant', 'The user is suspended');
}
