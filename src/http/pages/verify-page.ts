import type { FastifyReply } from 'fastify';
import { findChallenge } from '../../services/one-time-codes.js';
import type { PagesContext } from './context.js';
import { noErrors, type FormErrors } from './forms.js';
import { sendPage } from './respond.js';
import { verifyPage } from './verify-views.js';
import { messagePage, withRequest, type PageBase } from './views.js';

const CHALLENGE = /^otc_[0-9a-f]{32}$/;

export const isChallenge = (text: string) => CHALLENGE.test(text);

/** Where the code page for a challenge is: fetched with GET after the code was sent, so a reload sends nothing. */
export const verifyLocation = (requestId: string | undefined, challenge: string, resent = false) =>
  withRequest('/auth/verify', requestId, { challenge, ...(resent ? { resent: '1' } : {}) });

/** The verify form for a challenge; answers the same whether or not anyone has the identifier the code went to. */
export async function sendVerifyPage(
  reply: FastifyReply,
  context: PagesContext,
  base: PageBase,
  challenge: string,
  status: number,
  errors: FormErrors = noErrors(),
  resent = false,
) {
  const found = isChallenge(challenge) ? await findChallenge(context.roster, challenge) : undefined;
  if (!found) {
    const page = messagePage(
      context.customTheme,
      'Code not found',
      'This code request is not known. Ask for a new code.',
      { href: withRequest('/auth/sign-in', base.request), text: 'Back to sign-in' },
      base.app,
    );
    return sendPage(reply, 400, page);
  }
  const kind = found.type === 'phone' ? 'phone' : 'email';
  return sendPage(reply, status, verifyPage(base, { challenge, recipient: found.name, purpose: found.purpose, kind, resent, errors }));
}
