import { Link } from 'wouter';
import { count, nameOf, when } from '../ui/format';
import type { UserRow } from './users-query';

const NONE = '—';

export function UsersTable({ users }: { users: UserRow[] }) {
  return (
    <div className="table-wrap">
      <table className="users-table">
        <caption className="visually-hidden">Users, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Username or phone</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Sign-ins</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td data-label="Name" className="lead">
                <Link href={`/users/${user.id}`} className="value">
                  {nameOf(user)}
                </Link>
              </td>
              <td data-label="Email">{user.email ?? NONE}</td>
              <td data-label="Username or phone">{user.username ?? user.phone ?? NONE}</td>
              <td data-label="Last sign-in">{when(user.last_signed_in)}</td>
              <td data-label="Sign-ins" className="number">
                {count(user.total_sign_ins)}
              </td>
              <td data-label="Status">{user.is_suspended ? <span className="badge suspended">Suspended</span> : 'Active'}</td>
              <td data-label="Created">{when(user.created_on, NONE)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
