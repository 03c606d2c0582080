import type { FastifyReply } from 'fastify';
import { findChallenge } from '../../services/one-time-codes.js';
import type { PagesContext } from './context.js';
import type { FormErrors } from './forms.js';
import { sendPage } from './respond.js';
import { messagePage, verifyPage, withRequest, type PageBase } from './views.js';

const CHALLENGE = /^otc_[0-9a-f]{32}$/;

export const isChallenge = (text: string) => CHALLENGE.test(text);

/** The verify form for a challenge; answers the same whether or not anyone has the identifier the code went to. */
export async function sendVerifyPage(
  reply: FastifyReply,
  context: PagesContext,
  base: PageBase,
  challenge: string,
  status: number,
  errors: FormErrors,
) {
  const found = isChallenge(challenge) ? await findChallenge(context.roster, challenge) : undefined;
  if (!found) {
    const page = messagePage(context.customTheme, 'Code not found', 'This code request is not known. Ask for a new code.', {
      href: withRequest('/auth/sign-in', base.request),
      text: 'Back to sign-in',
    });
    return sendPage(reply, 400, page);
  }
  const channel = found.type === 'phone' ? 'sms' : 'email';
  return sendPage(reply, status, verifyPage(base, { challenge, recipient: found.name, purpose: found.purpose, channel, errors }));
}
