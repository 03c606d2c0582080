import { useRef, useState } from 'react';
import type { ProfileUser } from '../api/types';
import { useCan } from '../auth/permissions';
import { TypeLabel } from '../identity/types';
import { count, nameOf, when } from '../ui/format';
import { AddIdentityDialog } from './add-identity-dialog';
import { IdentityMenu } from './identity-menu';
import { MissingPermissions } from './missing-permissions';

/** "Identities": a heading, "Add identity", then one row per identity with its three-dots menu. */
export function IdentitiesSection({ user }: { user: ProfileUser }) {
  const can = useCan();
  const [adding, setAdding] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="identities-heading">
      <div className="section-head">
        <h2 id="identities-heading" ref={heading} tabIndex={-1}>
          Identities
        </h2>
        {can('addIdentity') && (
          <button type="button" onClick={() => setAdding(true)}>
            Add identity
          </button>
        )}
      </div>
      <MissingPermissions
        actions={[
          ['Add identity', 'addIdentity'],
          ['Make primary and Replace identity', 'changeIdentity'],
          ['Delete identity', 'deleteIdentity'],
        ]}
      />
      <div className="table-wrap">
        <table className="identities-table">
          <caption className="visually-hidden">Identities of {nameOf(user)}, in the order they were added</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Identity</th>
              <th scope="col">Status</th>
              <th scope="col">Sign-ins</th>
              <th scope="col">Last used</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {user.identities.map((identity) => (
              <tr key={identity.id}>
                <td data-label="Type">
                  <TypeLabel type={identity.type} />
                </td>
                <td data-label="Identity" className="lead">
                  <span className="value">{identity.name}</span>
                </td>
                <td data-label="Status">
                  <span className="badges">
                    {identity.is_primary && <span className="badge primary">Primary</span>}
                    {identity.is_confirmed ? <span className="badge verified">Verified</span> : <span className="badge">Unverified</span>}
                  </span>
                </td>
                <td data-label="Sign-ins" className="number">
                  {count(identity.total_logins)}
                </td>
                <td data-label="Last used">{when(identity.last_login_on)}</td>
                <td data-label="Added">{when(identity.created_on)}</td>
                <td className="menu-cell">
                  <IdentityMenu user={user} identity={identity} fallbackFocus={() => heading.current} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {adding && <AddIdentityDialog user={user} onClose={() => setAdding(false)} />}
    </section>
  );
}
