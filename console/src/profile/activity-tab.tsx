import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, dataOf } from '../api/client';
import type { AuditEvent, ProfileUser } from '../api/types';
import { useCan } from '../auth/permissions';
import { ErrorPanel } from '../ui/error-panel';
import { when } from '../ui/format';
import { NoPermission } from './missing-permissions';

const PAGE_SIZE = 20;

const WHAT: Record<string, string> = {
  'user.created': 'User created',
  'user.updated': 'Profile changed',
  'user.suspended': 'Suspended',
  'user.restored': 'Restored',
  'user.deleted': 'User deleted',
  'user.password_set': 'Password set',
  'user.authenticated': 'Signed in',
  'user.authentication_failed': 'Sign-in failed',
  'user.sessions_ended': 'Signed out everywhere',
  'identity.created': 'Identity added',
  'identity.deleted': 'Identity deleted',
  'identity.primary_changed': 'Made primary',
  'identity.confirmed': 'Identity verified',
  'identity.replaced': 'Identity replaced',
};

/** "identity.made_primary" → "Identity made primary", for types this console does not know yet. */
const humanise = (type: string) => {
  const words = type.replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Who did it: the admin's email, the application's name, or "the user" when people act on themselves. */
function whoDid(event: AuditEvent): string {
  if (event.source === 'user') return 'the user';
  if (event.actor.name) return event.actor.name;
  if (event.actor.type === 'system') return 'Roster';
  if (event.actor.type === 'cli') return 'the command line';
  return event.actor.id ?? 'Unknown';
}

/** The identity an event concerns, by value: from the event's data (it may be deleted since), else the profile. */
function identityOf(event: AuditEvent, user: ProfileUser): string {
  const data = event.data;
  const nested = typeof data.identity === 'object' && data.identity !== null ? (data.identity as Record<string, unknown>) : {};
  const value = [data.value, data.name, nested.value, nested.name, typeof data.identity === 'string' ? data.identity : undefined].find(
    (v) => typeof v === 'string',
  );
  if (typeof value === 'string') return value;
  const known = user.identities.find((i) => i.id === event.identity_id);
  return known?.name ?? (event.identity_id ? 'An identity since deleted' : '—');
}

/** "Activity": the user's events, newest first, a page at a time. */
export function ActivityTab({ user }: { user: ProfileUser }) {
  const can = useCan();
  // The tokens of the pages before this one, so Previous can go back; the last is this page's.
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const token = tokens.at(-1) ?? null;
  const events = useQuery({
    queryKey: ['events', user.id, token],
    queryFn: () =>
      dataOf(
        api.GET('/api/v1/events', {
          params: { query: { user_id: user.id, page_size: PAGE_SIZE, ...(token ? { next_token: token } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled: can('readEvents'),
  });
  if (!can('readEvents')) return <NoPermission what="the activity log" action="readEvents" />;
  if (events.isError)
    return <ErrorPanel error={events.error} onRetry={() => void events.refetch()} title="The activity couldn't be loaded" />;
  if (events.isPending) return <p className="muted">Loading activity…</p>;
  const { events: list, next_token: next } = events.data;
  if (!list.length && tokens.length === 1) return <p className="panel">Nothing has happened to this user yet.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="activity-table">
          <caption className="visually-hidden">Activity, newest first</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Identity</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
            </tr>
          </thead>
          <tbody>
            {list.map((event) => (
              <tr key={event.id}>
                <td data-label="What" className="lead">
                  {WHAT[event.type] ?? humanise(event.type)}
                </td>
                <td data-label="Identity">{event.identity_id || event.type.startsWith('identity.') ? identityOf(event, user) : '—'}</td>
                <td data-label="When">{when(event.occurred_on)}</td>
                <td data-label="Who">{whoDid(event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages of activity">
        <button
          type="button"
          className="secondary"
          aria-disabled={tokens.length === 1 || undefined}
          onClick={() => tokens.length > 1 && setTokens(tokens.slice(0, -1))}
        >
          Previous
        </button>
        <button type="button" className="secondary" aria-disabled={!next || undefined} onClick={() => next && setTokens([...tokens, next])}>
          Next
        </button>
      </nav>
    </>
  );
}
