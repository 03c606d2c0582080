import { NEEDS, useCan, type Action } from '../auth/permissions';

/** Actions hidden for lack of a scope are named, with the scope, so the admin knows why they are missing. */
export function MissingPermissions({ actions }: { actions: [label: string, action: Action][] }) {
  const can = useCan();
  const missing = actions.filter(([, action]) => !can(action));
  if (!missing.length) return null;
  return (
    <p className="hint">
      Not available with your access: {missing.map(([label, action]) => `${label} (needs ${NEEDS[action]})`).join(', ')}.
    </p>
  );
}

/** A section the admin may not read at all. */
export function NoPermission({ what, action }: { what: string; action: Action }) {
  return (
    <div className="notice">
      <p>
        Your admin access doesn't include {what} (it needs <code>{NEEDS[action]}</code>).
      </p>
    </div>
  );
}
