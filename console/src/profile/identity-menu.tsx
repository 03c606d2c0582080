import * as Menu from '@radix-ui/react-dropdown-menu';
import { useRef, useState } from 'react';
import { api, send } from '../api/client';
import { errorText } from '../api/messages';
import type { ProfileIdentity, ProfileUser } from '../api/types';
import { useCan } from '../auth/permissions';
import { isContactType, TYPE_WORDS } from '../identity/types';
import { Icon } from '../ui/icons';
import { useAnnounce } from '../ui/status';
import { DeleteIdentityDialog } from './delete-identity-dialog';
import { ReplaceIdentityDialog } from './replace-identity-dialog';
import { useUserChange } from './use-user-change';

interface Props {
  user: ProfileUser;
  identity: ProfileIdentity;
  /** Where focus goes when this row is gone (its identity deleted or replaced). */
  fallbackFocus(): HTMLElement | null;
}

/** The three dots: "Actions for <value>", with Make primary, Replace identity and Delete identity as the admin may. */
export function IdentityMenu({ user, identity, fallbackFocus }: Props) {
  const can = useCan();
  const announce = useAnnounce();
  const [open, setOpen] = useState<'replace' | 'delete' | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const contact = isContactType(identity.type);
  const word = isContactType(identity.type) ? TYPE_WORDS[identity.type] : 'identity';
  const last = user.identities.length <= 1;
  const makePrimary = useUserChange(
    user.id,
    () =>
      send(api.PATCH('/api/v1/identities/{identity_id}', { params: { path: { identity_id: identity.id } }, body: { is_primary: true } })),
    (_, fresh) => {
      const now = fresh?.identities.find((i) => i.id === identity.id);
      announce(now?.is_primary ? `${identity.name} is now the primary ${word}.` : `${identity.name} is not primary.`);
      trigger.current?.focus();
    },
  );

  const items = {
    primary: contact && !identity.is_primary && can('changeIdentity'),
    replace: contact && can('changeIdentity'),
    delete: can('deleteIdentity'),
  };
  if (!items.primary && !items.replace && !items.delete) return null;
  const returnFocus = () => (trigger.current?.isConnected ? trigger.current : fallbackFocus());

  return (
    <>
      <Menu.Root modal={false}>
        <Menu.Trigger asChild>
          <button type="button" ref={trigger} className="icon-button" aria-label={`Actions for ${identity.name}`}>
            <Icon name="more" />
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end" sideOffset={4}>
            {items.primary && (
              <Menu.Item
                className="menu-item"
                onSelect={() => makePrimary.mutate(undefined, { onError: (error) => announce(errorText(error), 'warning') })}
              >
                Make primary
              </Menu.Item>
            )}
            {items.replace && (
              <Menu.Item className="menu-item" onSelect={() => setOpen('replace')}>
                Replace identity
              </Menu.Item>
            )}
            {items.delete && (
              <Menu.Item className="menu-item danger" disabled={last} onSelect={() => setOpen('delete')}>
                Delete identity
                {last && <span className="hint">Their only identity can't be deleted: delete the user instead.</span>}
              </Menu.Item>
            )}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {open === 'replace' && (
        <ReplaceIdentityDialog user={user} identity={identity} onClose={() => setOpen(null)} returnFocus={returnFocus} />
      )}
      {open === 'delete' && (
        <DeleteIdentityDialog user={user} identity={identity} onClose={() => setOpen(null)} returnFocus={returnFocus} />
      )}
    </>
  );
}
