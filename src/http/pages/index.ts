import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../services/context.js';

/** The hosted sign-in and sign-up pages under /auth: server-rendered HTML that works without JavaScript. */
export async function pageRoutes(app: FastifyInstance, roster: Roster): Promise<void> {
  void app;
  void roster;
}
