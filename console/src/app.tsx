import { useSession } from './auth/permissions';
import { Console } from './console';
import { NoAccess, SignedOut, Starting } from './screens';

/** What a visitor sees: signing in, the signed-out start, "no access", or the console. */
export function App() {
  const session = useSession();
  switch (session.status) {
    case 'starting':
      return <Starting />;
    case 'signed-out':
      return <SignedOut returnTo={session.returnTo} message={session.message} />;
    case 'no-access':
      return <NoAccess email={session.admin?.email ?? session.admin?.name ?? null} />;
    case 'signed-in':
      return <Console admin={session.admin} />;
  }
}
