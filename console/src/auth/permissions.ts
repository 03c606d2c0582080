import { useSyncExternalStore } from 'react';
import { currentSession, onSessionChange, type Admin } from './session';

/** The management scope each console action needs: the same names the API checks. */
export const NEEDS = {
  readUsers: 'read:users',
  addUser: 'create:users',
  editUser: 'update:users',
  deleteUser: 'delete:users',
  addIdentity: 'create:user_identities',
  changeIdentity: 'update:identities',
  deleteIdentity: 'delete:identities',
  readSessions: 'read:user_sessions',
  endSessions: 'delete:user_sessions',
  readEvents: 'read:events',
} as const;

export type Action = keyof typeof NEEDS;

export const useSession = () => useSyncExternalStore(onSessionChange, currentSession);

/** The signed-in admin; only rendered inside the signed-in console. */
function useAdmin(): Admin {
  const session = useSession();
  if (session.status !== 'signed-in') throw new Error('useAdmin outside the signed-in console');
  return session.admin;
}

export function useCan(): (action: Action) => boolean {
  const { permissions } = useAdmin();
  return (action) => permissions.includes(NEEDS[action]);
}
