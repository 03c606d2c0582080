import type { FormError } from '../api/messages';
import { TextField } from '../ui/field';
import { errorOn } from '../ui/use-form';

export interface Names {
  firstName: string;
  lastName: string;
}

/** "First name" and "Last name", side by side where there is room. */
export function NameFields({ names, onChange, errors }: { names: Names; onChange(names: Names): void; errors: FormError[] }) {
  return (
    <div className="row-fields">
      <TextField
        label="First name"
        name="first_name"
        autoComplete="off"
        value={names.firstName}
        error={errorOn(errors, 'first_name')}
        onChange={(e) => onChange({ ...names, firstName: e.target.value })}
      />
      <TextField
        label="Last name"
        name="last_name"
        autoComplete="off"
        value={names.lastName}
        error={errorOn(errors, 'last_name')}
        onChange={(e) => onChange({ ...names, lastName: e.target.value })}
      />
    </div>
  );
}
