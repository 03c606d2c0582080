import { useState } from 'react';
import { api, send } from '../api/client';
import { formErrors } from '../api/messages';
import type { ProfileUser } from '../api/types';
import { FormDialog } from '../ui/dialog';
import { nameOf } from '../ui/format';
import { useAnnounce } from '../ui/status';
import { useFormErrors } from '../ui/use-form';
import { NameFields, type Names } from '../users/name-fields';
import { useUserChange } from './use-user-change';

/** "Edit": the person's first and last name. */
export function EditNamesDialog({ user, onClose }: { user: ProfileUser; onClose(): void }) {
  const announce = useAnnounce();
  const [names, setNames] = useState<Names>({ firstName: user.first_name ?? '', lastName: user.last_name ?? '' });
  const form = useFormErrors();
  const save = useUserChange(
    user.id,
    () =>
      send(
        api.PATCH('/api/v1/user', {
          params: { query: { id: user.id } },
          body: { given_name: names.firstName.trim(), family_name: names.lastName.trim() },
        }),
      ),
    (_, fresh) => {
      onClose();
      announce(`Saved. The name is now ${fresh ? nameOf(fresh) : 'updated'}.`);
    },
  );
  return (
    <FormDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Edit name"
      pending={save.isPending}
      formError={form.formError}
      errorKey={form.attempt}
      onSubmit={() => save.mutate(undefined, { onError: (error) => form.show(formErrors(error)) })}
    >
      <NameFields names={names} onChange={setNames} errors={form.errors} />
    </FormDialog>
  );
}
