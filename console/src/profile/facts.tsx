import type { ProfileUser } from '../api/types';
import { count, when } from '../ui/format';
import { Icon } from '../ui/icons';
import { useAnnounce } from '../ui/status';

/** User id (with a copy button), provided id, created, last sign-in, sign-ins and status. */
export function Facts({ user }: { user: ProfileUser }) {
  const announce = useAnnounce();
  const copy = () =>
    navigator.clipboard
      ?.writeText(user.id)
      .then(() => announce('User id copied.'))
      .catch(() => announce("The user id couldn't be copied: select it and copy it yourself."));
  return (
    <dl className="facts panel">
      <div className="wide">
        <dt>User id</dt>
        <dd>
          <code>{user.id}</code>
          {navigator.clipboard && (
            <button type="button" className="icon-button" aria-label="Copy user id" onClick={() => void copy()}>
              <Icon name="copy" />
            </button>
          )}
        </dd>
      </div>
      <div>
        <dt>Provided id</dt>
        <dd>{user.provided_id ? <code>{user.provided_id}</code> : <span className="muted">None</span>}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{when(user.created_on, 'Unknown')}</dd>
      </div>
      <div>
        <dt>Last sign-in</dt>
        <dd>{when(user.last_signed_in)}</dd>
      </div>
      <div>
        <dt>Sign-ins</dt>
        <dd>{count(user.total_sign_ins)}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>{user.is_suspended ? <span className="badge suspended">Suspended</span> : 'Active'}</dd>
      </div>
    </dl>
  );
}
