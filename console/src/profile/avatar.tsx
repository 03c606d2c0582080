import { useState } from 'react';
import type { ProfileUser } from '../api/types';
import { initialsOf } from '../ui/format';

/** The user's picture when it is an https address that loads, else their initials. Decorative: the name is the heading. */
export function Avatar({ user }: { user: ProfileUser }) {
  const [failed, setFailed] = useState(false);
  const picture = user.picture && /^https:\/\//i.test(user.picture) && !failed ? user.picture : null;
  if (picture) return <img className="avatar" src={picture} alt="" referrerPolicy="no-referrer" onError={() => setFailed(true)} />;
  return (
    <span className="avatar" aria-hidden="true">
      {initialsOf(user)}
    </span>
  );
}
