import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { api, send } from '../api/client';
import { errorText } from '../api/messages';
import type { ProfileUser } from '../api/types';
import { ConfirmDialog } from '../ui/confirm';
import type { ReturnFocus } from '../ui/focus';
import { nameOf } from '../ui/format';
import { useAnnounce } from '../ui/status';
import { profileKey } from './profile-query';
import { useUserChange } from './use-user-change';

interface Props {
  user: ProfileUser;
  onClose(): void;
  returnFocus?: ReturnFocus;
}

export function SuspendDialog({ user, onClose, returnFocus }: Props) {
  const announce = useAnnounce();
  const name = nameOf(user);
  const suspend = useUserChange(
    user.id,
    () => send(api.PATCH('/api/v1/user', { params: { query: { id: user.id } }, body: { is_suspended: true } })),
    (_, fresh) => {
      onClose();
      announce(fresh?.is_suspended ? `Suspended ${name}.` : `${name} is not suspended.`);
    },
  );
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Suspend ${name}?`}
      confirmLabel="Suspend"
      danger
      pending={suspend.isPending}
      error={suspend.error ? errorText(suspend.error) : undefined}
      onConfirm={() => suspend.mutate()}
      returnFocus={returnFocus}
    >
      <p>They can't sign in, and their apps can't renew their sessions, until you restore them.</p>
    </ConfirmDialog>
  );
}

export function SignOutEverywhereDialog({ user, onClose }: Props) {
  const announce = useAnnounce();
  const name = nameOf(user);
  const end = useUserChange(
    user.id,
    () => send(api.DELETE('/api/v1/users/{user_id}/sessions', { params: { path: { user_id: user.id } } })),
    () => {
      onClose();
      announce(`Signed ${name} out everywhere.`);
    },
  );
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Sign ${name} out everywhere?`}
      confirmLabel="Sign out everywhere"
      pending={end.isPending}
      error={end.error ? errorText(end.error) : undefined}
      onConfirm={() => end.mutate()}
    >
      <p>Every session ends: each app asks them to sign in again.</p>
    </ConfirmDialog>
  );
}

/** The confirmation names the person and how many identities go with them. */
export function DeleteUserDialog({ user, onClose }: Props) {
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const name = nameOf(user);
  const remove = useMutation({
    mutationFn: () => send(api.DELETE('/api/v1/user', { params: { query: { id: user.id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: profileKey(user.id) });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
      navigate('/users');
      announce(`Deleted ${name}.`);
    },
  });
  const identities = user.identities.length;
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Delete ${name}?`}
      confirmLabel="Delete user"
      danger
      pending={remove.isPending}
      error={remove.error ? errorText(remove.error) : undefined}
      onConfirm={() => remove.mutate()}
    >
      <p>
        This deletes {name} and {identities === 1 ? 'their identity' : `their ${identities} identities`} for good. It can't be undone.
      </p>
    </ConfirmDialog>
  );
}
