import { useState } from 'react';
import { api, send } from '../api/client';
import { formErrors } from '../api/messages';
import type { ProfileUser } from '../api/pending';
import { FormDialog } from '../ui/dialog';
import { TextField } from '../ui/field';
import { nameOf } from '../ui/format';
import { useAnnounce } from '../ui/status';
import { errorOn, useFormErrors } from '../ui/use-form';
import { useUserChange } from './use-user-change';

/** "Edit": the person's first and last name. */
export function EditNamesDialog({ user, onClose }: { user: ProfileUser; onClose(): void }) {
  const announce = useAnnounce();
  const [firstName, setFirstName] = useState(user.first_name ?? '');
  const [lastName, setLastName] = useState(user.last_name ?? '');
  const form = useFormErrors();
  const save = useUserChange(
    user.id,
    () =>
      send(
        api.PATCH('/api/v1/user', {
          params: { query: { id: user.id } },
          body: { given_name: firstName.trim(), family_name: lastName.trim() },
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
      <TextField
        label="First name"
        name="first_name"
        autoComplete="off"
        value={firstName}
        error={errorOn(form.errors, 'first_name')}
        onChange={(e) => setFirstName(e.target.value)}
      />
      <TextField
        label="Last name"
        name="last_name"
        autoComplete="off"
        value={lastName}
        error={errorOn(form.errors, 'last_name')}
        onChange={(e) => setLastName(e.target.value)}
      />
    </FormDialog>
  );
}
