import { eventRoutes } from './events.js';
import { identityRoutes } from './identities.js';
import { importRoutes } from './import.js';
import { passwordRoutes } from './passwords.js';
import type { ManagementRoute } from './route.js';
import { sessionRoutes } from './sessions.js';
import { userRoutes } from './users.js';
import { webhookRoutes } from './webhooks.js';

/** Every Management API operation. Tests walk this table, so a new route cannot skip the token checks. */
export const managementRoutes: ManagementRoute[] = [
  ...userRoutes,
  ...identityRoutes,
  ...importRoutes,
  ...passwordRoutes,
  ...sessionRoutes,
  ...eventRoutes,
  ...webhookRoutes,
];

export const API_PREFIX = '/api/v1';
