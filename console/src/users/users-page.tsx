import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { useCan } from '../auth/permissions';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeading } from '../ui/page';
import { AddUserButton } from './add-user-dialog';
import { useUsers, type UsersView } from './users-query';
import { UsersTable } from './users-table';

/** Users: the search box, the table newest first, and Next/Previous; the state lives in the URL. */
export function UsersPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const view: UsersView = { query: params.get('q') ?? '', before: params.get('before'), after: params.get('after') };
  const [text, setText] = useState(view.query);
  const users = useUsers(view);

  // Back and forward change the URL: the box follows. Typing changes the box: the URL follows after a pause.
  useEffect(() => setText(view.query), [view.query]);
  useEffect(() => {
    if (text === view.query) return;
    const timer = setTimeout(() => setParams(text ? { q: text } : {}, { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const page = (cursor: { before: string } | { after: string }) => {
    setParams({ ...(view.query ? { q: view.query } : {}), ...cursor });
    window.scrollTo(0, 0);
  };
  const rows = users.data?.users ?? [];
  const searching = view.query.trim() !== '';

  return (
    <>
      <div className="page-head">
        <PageHeading title="Users">Users</PageHeading>
        {can('addUser') && <AddUserButton />}
      </div>
      <form
        role="search"
        className="search"
        onSubmit={(event) => {
          event.preventDefault();
          setParams(text ? { q: text } : {});
        }}
      >
        <label htmlFor="user-search">Search users</label>
        <p className="hint" id="user-search-hint">
          The start of a name, email, username or phone number, or an exact user id or provided id
        </p>
        <input
          id="user-search"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-describedby="user-search-hint"
          onChange={(event) => setText(event.target.value)}
        />
      </form>
      <p className="visually-hidden" aria-live="polite">
        {users.isSuccess && !users.isPlaceholderData ? (rows.length ? `${rows.length} users shown` : 'No users found') : ''}
      </p>
      {users.isError ? (
        <ErrorPanel error={users.error} onRetry={() => void users.refetch()} title="The users couldn't be loaded" />
      ) : users.isPending ? (
        <p className="muted">Loading users…</p>
      ) : rows.length === 0 ? (
        <EmptyUsers
          searching={searching}
          paged={view.before !== null || view.after !== null}
          query={view.query}
          onClear={() => setParams({})}
        />
      ) : (
        <>
          <UsersTable users={rows} />
          <nav className="pager" aria-label="Pages of users">
            <button
              type="button"
              className="secondary"
              aria-disabled={!users.data.hasNewer || undefined}
              onClick={() => users.data.hasNewer && page({ after: rows[0]!.id })}
            >
              Previous
            </button>
            <button
              type="button"
              className="secondary"
              aria-disabled={!users.data.hasOlder || undefined}
              onClick={() => users.data.hasOlder && page({ before: rows.at(-1)!.id })}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}

function EmptyUsers({ searching, paged, query, onClear }: { searching: boolean; paged: boolean; query: string; onClear(): void }) {
  if (searching) {
    return (
      <div className="panel empty">
        <h2>No users match “{query.trim()}”</h2>
        <p className="muted">Search by the start of a name, email, username or phone number, or by an exact user id or provided id.</p>
        <button type="button" className="secondary" onClick={onClear}>
          Clear search
        </button>
      </div>
    );
  }
  if (paged) {
    return (
      <div className="panel empty">
        <h2>No more users</h2>
        <button type="button" className="secondary" onClick={onClear}>
          Back to the newest
        </button>
      </div>
    );
  }
  return (
    <div className="panel empty">
      <h2>No users yet</h2>
      <p className="muted">
        Add the first with “Add user”, or bring everyone over at once with <code>roster users import</code>.
      </p>
    </div>
  );
}
