import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf } from '../api/client';
import type { ProfileUser } from '../api/types';

export const profileKey = (userId: string) => ['user', userId] as const;

/** The whole profile in one request: the user with every identity's details. */
export const useProfile = (userId: string) =>
  useQuery({
    queryKey: profileKey(userId),
    queryFn: async (): Promise<ProfileUser> => {
      const user = await dataOf(api.GET('/api/v1/user', { params: { query: { id: userId, expand: 'identities' } } }));
      return { ...user, identities: user.identities ?? [] };
    },
  });

/**
 * After a change, everything shown about this user is read again from the server (no optimistic guesses); resolves
 * once the visible parts have their new answer, and gives the new profile.
 */
export function useRefreshUser(userId: string) {
  const queryClient = useQueryClient();
  return async (): Promise<ProfileUser | undefined> => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: profileKey(userId) }),
      queryClient.invalidateQueries({ queryKey: ['users'] }),
      queryClient.invalidateQueries({ queryKey: ['sessions', userId] }),
      queryClient.invalidateQueries({ queryKey: ['events', userId] }),
    ]);
    return queryClient.getQueryData<ProfileUser>(profileKey(userId));
  };
}
