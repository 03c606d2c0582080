import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { api, send } from '../api/client';
import { formErrors } from '../api/messages';
import { warningsOf } from '../api/warnings';
import { IdentityFields, identityInput, missingValue, newDraft } from '../identity/identity-fields';
import { FormDialog } from '../ui/dialog';
import { TextField } from '../ui/field';
import { useAnnounce } from '../ui/status';
import { errorOn, useFormErrors } from '../ui/use-form';

export function AddUserButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Add user
      </button>
      {open && <AddUserDialog onClose={() => setOpen(false)} />}
    </>
  );
}

/** "Add user": names and a first identity, created together; then on to the new profile. */
function AddUserDialog({ onClose }: { onClose(): void }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [, navigate] = useLocation();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [draft, setDraft] = useState(newDraft());
  const form = useFormErrors();

  const save = useMutation({
    mutationFn: () => {
      const { value, phone_country_id, is_verified } = identityInput(draft);
      const profile = {
        ...(firstName.trim() ? { given_name: firstName.trim() } : {}),
        ...(lastName.trim() ? { family_name: lastName.trim() } : {}),
      };
      return send(
        api.POST('/api/v1/user', {
          body: {
            profile,
            identities: [
              {
                type: draft.type,
                ...(is_verified === undefined ? {} : { is_verified }),
                details: { [draft.type]: value, ...(phone_country_id ? { phone_country_id } : {}) },
              },
            ],
          },
        }),
      );
    },
    onSuccess: async ({ data, response }) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      const who = [firstName.trim(), lastName.trim()].filter(Boolean).join(' ') || draft.value.trim();
      const warnings = warningsOf(response);
      announce([`Added ${who}.`, ...warnings].join(' '), warnings.length ? 'warning' : 'info');
      onClose();
      navigate(`/users/${data.id}`);
    },
    onError: (error) => form.show(formErrors(error, draft.type)),
  });

  return (
    <FormDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Add user"
      pending={save.isPending}
      formError={form.formError}
      errorKey={form.attempt}
      onSubmit={() => form.submit(missingValue(draft), () => save.mutate())}
    >
      <div className="row-fields">
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
      </div>
      <IdentityFields draft={draft} onChange={setDraft} errors={form.errors} chooseType />
    </FormDialog>
  );
}
