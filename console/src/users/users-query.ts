import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, dataOf } from '../api/client';

export const PAGE_SIZE = 20;
/** Above every user id: ids are time-ordered, so "before this" is the newest page. */
const AFTER_EVERY_ID = `kp_${'f'.repeat(32)}`;

/** The list's state, kept in the URL so back, forward and reload keep it: the search, and where the page starts. */
export interface UsersView {
  query: string;
  /** The page holds the users created just before this id (going to older users). */
  before: string | null;
  /** The page holds the users created just after this id (going back to newer users). */
  after: string | null;
}

/**
 * Newest first, from the search call (which pages both ways by id): one more than a page is asked for, so the answer
 * also says whether there is a page beyond it.
 */
async function fetchUsers({ query, before, after }: UsersView) {
  const cursor = after ? { starting_after: after } : { ending_before: before ?? AFTER_EVERY_ID };
  const { results } = await dataOf(
    api.GET('/api/v1/search/users', { params: { query: { query: query.trim() || '*', page_size: PAGE_SIZE + 1, ...cursor } } }),
  );
  // Both directions answer in ascending id order; the page is the PAGE_SIZE nearest the cursor.
  const beyond = results.length > PAGE_SIZE;
  const page = after ? results.slice(0, PAGE_SIZE) : results.slice(-PAGE_SIZE);
  return {
    users: page.reverse(),
    hasNewer: after ? beyond : before !== null,
    hasOlder: after ? page.length > 0 : beyond,
  };
}

export type UserRow = Awaited<ReturnType<typeof fetchUsers>>['users'][number];

export const useUsers = (view: UsersView) =>
  useQuery({
    queryKey: ['users', view.query.trim(), view.before, view.after],
    queryFn: () => fetchUsers(view),
    placeholderData: keepPreviousData,
  });
