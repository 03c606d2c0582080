import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { api, send } from '../api/client';
import { formErrors } from '../api/messages';
import { warningsOf } from '../api/warnings';
import { IdentityFields, identityInput, missingValue, newDraft } from '../identity/identity-fields';
import { FormDialog } from '../ui/dialog';
import { useAnnounce } from '../ui/status';
import { useFormErrors } from '../ui/use-form';
import { NameFields, type Names } from './name-fields';

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
  const [names, setNames] = useState<Names>({ firstName: '', lastName: '' });
  const [draft, setDraft] = useState(newDraft());
  const form = useFormErrors();

  const save = useMutation({
    mutationFn: () => {
      const { value, phone_country_id, is_verified } = identityInput(draft);
      const profile = {
        ...(names.firstName.trim() ? { given_name: names.firstName.trim() } : {}),
        ...(names.lastName.trim() ? { family_name: names.lastName.trim() } : {}),
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
      const who = [names.firstName.trim(), names.lastName.trim()].filter(Boolean).join(' ') || draft.value.trim();
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
      <NameFields names={names} onChange={setNames} errors={form.errors} />
      <IdentityFields draft={draft} onChange={setDraft} errors={form.errors} chooseType />
    </FormDialog>
  );
}
