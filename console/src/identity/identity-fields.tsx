import { useId } from 'react';
import type { FormError } from '../api/messages';
import { TextField } from '../ui/field';
import { errorOn } from '../ui/use-form';
import { COUNTRIES, defaultCountry } from './countries';
import { IDENTITY_TYPES, TYPE_NAMES, TYPE_WORDS, VALUE_LABELS, type IdentityType } from './types';

export interface IdentityDraft {
  type: IdentityType;
  value: string;
  /** ISO 3166 alpha-2 for a national phone number, or '' when the number starts with +. */
  country: string;
  verified: boolean;
}

export const newDraft = (type: IdentityType = 'email'): IdentityDraft => ({ type, value: '', country: defaultCountry(), verified: false });

/** What the API takes for one identity: the value, and for a phone its country; email and phone may be vouched for. */
export function identityInput(draft: IdentityDraft) {
  return {
    value: draft.value.trim(),
    ...(draft.type === 'phone' && draft.country ? { phone_country_id: draft.country.toLowerCase() } : {}),
    ...(draft.type !== 'username' ? { is_verified: draft.verified } : {}),
  };
}

/** Checked before sending: an empty value needs no round trip. */
export const missingValue = (draft: IdentityDraft): FormError | null =>
  draft.value.trim() === '' ? { field: 'value', message: `Enter ${draft.type === 'email' ? 'an' : 'a'} ${TYPE_WORDS[draft.type]}.` } : null;

interface Props {
  draft: IdentityDraft;
  onChange(draft: IdentityDraft): void;
  errors: FormError[];
  /** Offer the Type choice (adding); a replacement keeps its type. */
  chooseType: boolean;
}

/** The Type choice, the value field labelled for it (with a country for phones) and "Already verified". */
export function IdentityFields({ draft, onChange, errors, chooseType }: Props) {
  const countryId = useId();
  const verifiedId = useId();
  const set = (change: Partial<IdentityDraft>) => onChange({ ...draft, ...change });
  const countryError = errorOn(errors, 'country');
  return (
    <>
      {chooseType && (
        <fieldset>
          <legend>Type</legend>
          <div className="choices">
            {IDENTITY_TYPES.map((type) => (
              <label className="choice" key={type}>
                <input
                  type="radio"
                  name="identity-type"
                  value={type}
                  checked={draft.type === type}
                  onChange={() => set({ type, value: '' })}
                />
                {TYPE_NAMES[type]}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div className={draft.type === 'phone' ? 'phone-fields' : undefined}>
        {draft.type === 'phone' && (
          <div className="field">
            <label htmlFor={countryId}>Country</label>
            {countryError && (
              <p className="field-error" id={`${countryId}-error`}>
                {countryError}
              </p>
            )}
            <select
              id={countryId}
              value={draft.country}
              onChange={(event) => set({ country: event.target.value })}
              aria-invalid={countryError ? true : undefined}
              aria-describedby={countryError ? `${countryId}-error` : undefined}
            >
              <option value="">None: the number starts with +</option>
              {COUNTRIES.map((country) => (
                <option key={country.code} value={country.code}>
                  {country.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField
          key={draft.type}
          label={VALUE_LABELS[draft.type]}
          name="value"
          type={draft.type === 'email' ? 'email' : draft.type === 'phone' ? 'tel' : 'text'}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={draft.value}
          error={errorOn(errors, 'value')}
          hint={draft.type === 'username' ? 'Kept as typed; letters A–Z, digits, - and _' : undefined}
          onChange={(event) => set({ value: event.target.value })}
        />
      </div>
      {draft.type !== 'username' && (
        <div className="field">
          <label className="choice" htmlFor={verifiedId}>
            <input
              id={verifiedId}
              type="checkbox"
              checked={draft.verified}
              aria-describedby={`${verifiedId}-hint`}
              onChange={(event) => set({ verified: event.target.checked })}
            />
            Already verified
          </label>
          <p className="hint" id={`${verifiedId}-hint`}>
            Only when you know the person receives messages there; otherwise they confirm it with a code.
          </p>
        </div>
      )}
    </>
  );
}
