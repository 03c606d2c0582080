import { useMutation } from '@tanstack/react-query';
import type { ProfileUser } from '../api/types';
import { useRefreshUser } from './profile-query';

/**
 * A change to one user: sent, then the profile read again, then `after` with the server's answer and the fresh
 * profile (to announce what is now true rather than what was hoped).
 */
export function useUserChange<T, V = void>(
  userId: string,
  send: (variables: V) => Promise<T>,
  after: (result: T, fresh: ProfileUser | undefined, variables: V) => void,
) {
  const refresh = useRefreshUser(userId);
  return useMutation({ mutationFn: send, onSuccess: async (result, variables) => after(result, await refresh(), variables) });
}
