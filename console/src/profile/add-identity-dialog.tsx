import { useState } from 'react';
import { api, send } from '../api/client';
import { formErrors } from '../api/messages';
import type { ProfileUser } from '../api/types';
import { warningsOf } from '../api/warnings';
import { IdentityFields, identityInput, missingValue, newDraft } from '../identity/identity-fields';
import { FormDialog } from '../ui/dialog';
import { nameOf } from '../ui/format';
import { useAnnounce } from '../ui/status';
import { useFormErrors } from '../ui/use-form';
import { useUserChange } from './use-user-change';

/** "Add identity": Type, the value labelled for it, "Already verified" for email and phone, and Save. */
export function AddIdentityDialog({ user, onClose }: { user: ProfileUser; onClose(): void }) {
  const announce = useAnnounce();
  const [draft, setDraft] = useState(newDraft());
  const form = useFormErrors();
  const add = useUserChange(
    user.id,
    () =>
      send(
        api.POST('/api/v1/users/{user_id}/identities', {
          params: { path: { user_id: user.id } },
          body: { type: draft.type, ...identityInput(draft) },
        }),
      ),
    ({ data, response }, fresh) => {
      const added = fresh?.identities.find((i) => i.id === data.identity.id);
      const warnings = warningsOf(response);
      onClose();
      announce(
        [`Added ${added?.name ?? draft.value.trim()} to ${nameOf(fresh ?? user)}.`, ...warnings].join(' '),
        warnings.length ? 'warning' : 'info',
      );
    },
  );
  return (
    <FormDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Add identity"
      pending={add.isPending}
      formError={form.formError}
      errorKey={form.attempt}
      onSubmit={() =>
        form.submit(missingValue(draft), () => add.mutate(undefined, { onError: (error) => form.show(formErrors(error, draft.type)) }))
      }
    >
      <IdentityFields draft={draft} onChange={setDraft} errors={form.errors} chooseType />
    </FormDialog>
  );
}
