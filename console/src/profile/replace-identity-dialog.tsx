import { useState } from 'react';
import { api, send } from '../api/client';
import { formErrors } from '../api/messages';
import type { ProfileIdentity, ProfileUser } from '../api/types';
import { warningsOf } from '../api/warnings';
import { IdentityFields, identityInput, missingValue, newDraft } from '../identity/identity-fields';
import { TYPE_WORDS, type IdentityType } from '../identity/types';
import { FormDialog } from '../ui/dialog';
import type { ReturnFocus } from '../ui/focus';
import { useAnnounce } from '../ui/status';
import { useFormErrors } from '../ui/use-form';
import { useUserChange } from './use-user-change';

interface Props {
  user: ProfileUser;
  identity: ProfileIdentity;
  onClose(): void;
  returnFocus: ReturnFocus;
}

/** "Replace identity": a new value of the same type takes the old one's place (and primary) in one step. */
export function ReplaceIdentityDialog({ user, identity, onClose, returnFocus }: Props) {
  const announce = useAnnounce();
  const type = identity.type as IdentityType;
  const [draft, setDraft] = useState(newDraft(type));
  const form = useFormErrors();
  const replace = useUserChange(
    user.id,
    () =>
      send(
        api.POST('/api/v1/identities/{identity_id}/replace', {
          params: { path: { identity_id: identity.id } },
          body: identityInput(draft),
        }),
      ),
    ({ data, response }, fresh) => {
      const added = fresh?.identities.find((i) => i.id === data.identity.id);
      const warnings = warningsOf(response);
      onClose();
      announce(
        [`Replaced ${identity.name} with ${added?.name ?? draft.value.trim()}.`, ...warnings].join(' '),
        warnings.length ? 'warning' : 'info',
      );
    },
  );
  return (
    <FormDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Replace identity"
      description={
        <>
          The new {TYPE_WORDS[type]} takes the place of <strong>{identity.name}</strong>
          {identity.is_primary ? ', as primary,' : ''} in one step, and {identity.name} is deleted.
        </>
      }
      submitLabel="Replace"
      pending={replace.isPending}
      formError={form.formError}
      errorKey={form.attempt}
      returnFocus={returnFocus}
      onSubmit={() =>
        form.submit(missingValue(draft), () => replace.mutate(undefined, { onError: (error) => form.show(formErrors(error, type)) }))
      }
    >
      <IdentityFields draft={draft} onChange={setDraft} errors={form.errors} chooseType={false} />
    </FormDialog>
  );
}
