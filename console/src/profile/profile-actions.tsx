import { useRef, useState } from 'react';
import { api, send } from '../api/client';
import { errorText } from '../api/messages';
import type { ProfileUser } from '../api/types';
import { useCan } from '../auth/permissions';
import { nameOf } from '../ui/format';
import { useAnnounce } from '../ui/status';
import { EditNamesDialog } from './edit-names-dialog';
import { MissingPermissions } from './missing-permissions';
import { useUserChange } from './use-user-change';
import { DeleteUserDialog, SignOutEverywhereDialog, SuspendDialog } from './user-dialogs';

type Open = 'edit' | 'suspend' | 'sign-out' | 'delete' | null;

/** Edit, Suspend or Restore, Sign out everywhere and Delete user: each shown only with the scope it needs. */
export function ProfileActions({ user }: { user: ProfileUser }) {
  const can = useCan();
  const announce = useAnnounce();
  const [open, setOpen] = useState<Open>(null);
  const bar = useRef<HTMLDivElement>(null);
  const name = nameOf(user);
  const restore = useUserChange(
    user.id,
    () => send(api.PATCH('/api/v1/user', { params: { query: { id: user.id } }, body: { is_suspended: false } })),
    (_, fresh) => announce(fresh?.is_suspended === false ? `Restored ${name}: they can sign in again.` : `${name} is still suspended.`),
  );
  const close = () => setOpen(null);
  // Suspend and Restore swap places, so focus returns to whichever is there now.
  const statusButton = () => bar.current?.querySelector<HTMLElement>('[data-action="status"]');

  return (
    <>
      <div className="actions profile-actions" ref={bar}>
        {can('editUser') && (
          <button type="button" className="secondary" onClick={() => setOpen('edit')}>
            Edit
          </button>
        )}
        {can('editUser') &&
          (user.is_suspended ? (
            <button
              type="button"
              className="secondary"
              data-action="status"
              aria-disabled={restore.isPending || undefined}
              onClick={() => !restore.isPending && restore.mutate(undefined, { onError: (error) => announce(errorText(error), 'warning') })}
            >
              Restore
            </button>
          ) : (
            <button type="button" className="secondary" data-action="status" onClick={() => setOpen('suspend')}>
              Suspend
            </button>
          ))}
        {can('endSessions') && (
          <button type="button" className="secondary" onClick={() => setOpen('sign-out')}>
            Sign out everywhere
          </button>
        )}
        {can('deleteUser') && (
          <button type="button" className="danger" onClick={() => setOpen('delete')}>
            Delete user
          </button>
        )}
      </div>
      <MissingPermissions
        actions={[
          ['Edit, Suspend and Restore', 'editUser'],
          ['Sign out everywhere', 'endSessions'],
          ['Delete user', 'deleteUser'],
        ]}
      />
      {open === 'edit' && <EditNamesDialog user={user} onClose={close} />}
      {open === 'suspend' && <SuspendDialog user={user} onClose={close} returnFocus={statusButton} />}
      {open === 'sign-out' && <SignOutEverywhereDialog user={user} onClose={close} />}
      {open === 'delete' && <DeleteUserDialog user={user} onClose={close} />}
    </>
  );
}
