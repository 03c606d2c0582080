import { lazy, Suspense } from 'react';
import { Link, Redirect, Route, Router, Switch, useRoute } from 'wouter';
import { signOut, type Admin } from './auth/session';
import { BASE } from './base';
import { PageHeading } from './ui/page';
import { StatusProvider } from './ui/status';
import { UsersPage } from './users/users-page';

// The profile and its dialogs load on first use, which keeps the first page's JavaScript small.
const ProfilePage = lazy(() => import('./profile/profile-page'));

function NavLink({ href, children }: { href: string; children: string }) {
  const [active] = useRoute(`${href}/*?`);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** The signed-in console: the bar with navigation and the admin's name, then the page. */
export function Console({ admin }: { admin: Admin }) {
  return (
    <Router base={BASE}>
      <StatusProvider>
        <header className="top-bar">
          <a className="skip-link" href="#content">
            Skip to content
          </a>
          <span className="brand">Roster</span>
          <nav aria-label="Console">
            <ul>
              <li>
                <NavLink href="/users">Users</NavLink>
              </li>
            </ul>
          </nav>
          <div className="who">
            <span title={admin.email ?? undefined}>{admin.name}</span>
            <button type="button" className="secondary" onClick={signOut}>
              Sign out
            </button>
          </div>
        </header>
        <main id="content" tabIndex={-1}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Switch>
              <Route path="/users" component={UsersPage} />
              <Route path="/users/:id">{(params) => <ProfilePage userId={params.id} />}</Route>
              <Route path="/">
                <Redirect to="/users" replace />
              </Route>
              <Route>
                <PageHeading title="Page not found">Page not found</PageHeading>
                <p>
                  There is nothing here. <Link href="/users">Go to Users</Link>.
                </p>
              </Route>
            </Switch>
          </Suspense>
        </main>
      </StatusProvider>
    </Router>
  );
}
