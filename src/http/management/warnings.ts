import type { FastifyReply } from 'fastify';
import type { Warning } from '../../services/identities.js';

/** Accepted-with-a-warning results (look-alike usernames) are reported in a `Roster-Warning` header. */
export function warn(reply: FastifyReply, warnings: Warning[]): void {
  if (warnings.length) reply.header('Roster-Warning', warnings.map((w) => `${w.code}; ${w.message}`).join(', '));
}
