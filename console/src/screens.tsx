import { canSignIn } from './auth/pkce';
import { redirectToSignIn, signOutUrl } from './auth/session';
import { usePageTitle } from './ui/page';

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  usePageTitle(title);
  return (
    <main id="content" className="center-card panel">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export function Starting() {
  return (
    <Card title="Roster console">
      <p className="muted" role="status">
        Signing in…
      </p>
    </Card>
  );
}

/** The start for someone not signed in: one button to Roster's sign-in pages. */
export function SignedOut({ returnTo, message }: { returnTo: string; message?: string }) {
  const secure = canSignIn();
  return (
    <Card title="Roster console">
      <p>Sign in to manage users and their identities.</p>
      {message && (
        <div className="notice" role="alert">
          <p>{message}</p>
        </div>
      )}
      {!secure && (
        <div className="notice error" role="alert">
          <p>The console signs in only over a secure connection: open it with https, or on localhost.</p>
        </div>
      )}
      <div className="actions">
        <button type="button" disabled={!secure} onClick={() => void redirectToSignIn({ silent: false, returnTo })}>
          Sign in
        </button>
      </div>
    </Card>
  );
}

/** A signed-in person who is not an admin. */
export function NoAccess({ email }: { email: string | null }) {
  return (
    <Card title="You don't have access to the console">
      <p>
        {email ? (
          <>
            You're signed in as <strong>{email}</strong>, which is not an admin account.
          </>
        ) : (
          "The account you're signed in with is not an admin account."
        )}{' '}
        Ask an admin for access, or sign out and sign in with another account.
      </p>
      <div className="actions">
        <a className="button" href={signOutUrl()}>
          Sign out
        </a>
      </div>
    </Card>
  );
}
