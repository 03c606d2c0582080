/** Who made a change: an application (M2M), a person, the command line, or Roster itself. */
export type ActorType = 'application' | 'user' | 'cli' | 'system';

/** Through which face the change came: the Management API, the admin console, a person's own sign-in, the CLI, or housekeeping. */
export type EventSource = 'api' | 'admin' | 'user' | 'cli' | 'system';

export interface Actor {
  type: ActorType;
  id: string | null;
  source: EventSource;
}

export const ACTOR_TYPES: readonly ActorType[] = ['application', 'user', 'cli', 'system'];
export const EVENT_SOURCES: readonly EventSource[] = ['api', 'admin', 'user', 'cli', 'system'];

/** An application calling the Management API with its own (M2M) token. */
export const applicationActor = (clientId: string): Actor => ({ type: 'application', id: clientId, source: 'api' });

/** A person acting on themselves: signing up, signing in, confirming their own identity. */
export const selfActor = (userId: string): Actor => ({ type: 'user', id: userId, source: 'user' });

/** An admin acting through the console, with the console's token. */
export const adminActor = (userId: string): Actor => ({ type: 'user', id: userId, source: 'admin' });

export const CLI_ACTOR: Actor = { type: 'cli', id: null, source: 'cli' };

/** Housekeeping and the webhook dispatcher. */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, source: 'system' };
