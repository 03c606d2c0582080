import { useQuery } from '@tanstack/react-query';
import { api, dataOf } from '../api/client';
import type { ProfileUser } from '../api/types';
import { useCan } from '../auth/permissions';
import { ErrorPanel } from '../ui/error-panel';
import { browserOf, when } from '../ui/format';
import { NoPermission } from './missing-permissions';

/** "Sessions": where the user is signed in now, from the API. */
export function SessionsTab({ user }: { user: ProfileUser }) {
  const can = useCan();
  const sessions = useQuery({
    queryKey: ['sessions', user.id],
    queryFn: () => dataOf(api.GET('/api/v1/users/{user_id}/sessions', { params: { path: { user_id: user.id } } })),
    enabled: can('readSessions'),
  });
  if (!can('readSessions')) return <NoPermission what="sessions" action="readSessions" />;
  if (sessions.isError)
    return <ErrorPanel error={sessions.error} onRetry={() => void sessions.refetch()} title="The sessions couldn't be loaded" />;
  if (sessions.isPending) return <p className="muted">Loading sessions…</p>;
  const list = sessions.data.sessions;
  if (!list.length) return <p className="panel">No live sessions: this user is not signed in anywhere.</p>;
  return (
    <div className="table-wrap">
      <table className="sessions-table">
        <caption className="visually-hidden">Live sessions</caption>
        <thead>
          <tr>
            <th scope="col">Application</th>
            <th scope="col">Started</th>
            <th scope="col">Last seen</th>
            <th scope="col">IP address</th>
            <th scope="col">Browser</th>
          </tr>
        </thead>
        <tbody>
          {list.map((session) => (
            <tr key={session.session_id}>
              <td data-label="Application" className="lead">
                {session.client_name ?? session.client_id}
              </td>
              <td data-label="Started">{when(session.started_on)}</td>
              <td data-label="Last seen">{when(session.updated_on)}</td>
              <td data-label="IP address">{session.last_ip_address ?? '—'}</td>
              <td data-label="Browser">{browserOf(session.last_user_agent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
