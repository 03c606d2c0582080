import { api, send } from '../api/client';
import { errorText } from '../api/messages';
import type { ProfileIdentity, ProfileUser } from '../api/types';
import { isContactType, TYPE_WORDS } from '../identity/types';
import { ConfirmDialog } from '../ui/confirm';
import type { ReturnFocus } from '../ui/focus';
import { nameOf } from '../ui/format';
import { useAnnounce } from '../ui/status';
import { useUserChange } from './use-user-change';

interface Props {
  user: ProfileUser;
  identity: ProfileIdentity;
  onClose(): void;
  returnFocus: ReturnFocus;
}

/** The confirmation of "Delete identity"; says which identity became primary in its place, if one did. */
export function DeleteIdentityDialog({ user, identity, onClose, returnFocus }: Props) {
  const announce = useAnnounce();
  const word = isContactType(identity.type) ? TYPE_WORDS[identity.type] : 'identity';
  const remove = useUserChange(
    user.id,
    () => send(api.DELETE('/api/v1/identities/{identity_id}', { params: { path: { identity_id: identity.id } } })),
    ({ data }, fresh) => {
      const promoted = data.promoted_identity_id ? fresh?.identities.find((i) => i.id === data.promoted_identity_id) : undefined;
      onClose();
      announce(`Deleted ${identity.name}.${promoted ? ` ${promoted.name} is now the primary ${word}.` : ''}`);
    },
  );
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Delete identity"
      confirmLabel="Delete identity"
      danger
      pending={remove.isPending}
      error={remove.error ? errorText(remove.error) : undefined}
      onConfirm={() => remove.mutate()}
      returnFocus={returnFocus}
    >
      <p>
        Delete <strong>{identity.name}</strong> from {nameOf(user)}? They can no longer sign in with it.
        {identity.is_primary && isContactType(identity.type) ? ` If they have another ${word}, it becomes primary.` : ''}
      </p>
    </ConfirmDialog>
  );
}
