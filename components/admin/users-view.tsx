"use client";
// The admin's people page: create accounts and manage each one's name, address, role, password and activation.
import { useId, useState } from "react";
import { ROLE_DESCRIPTIONS, ROLES } from "@/lib/auth/roles";
import type { UserDTO } from "@/lib/users/types";
import { awaitsPassword } from "@/lib/users/placeholder-email";
import { CreateUserForm } from "./create-user-form";
import { UserRow } from "./user-row";

export function UsersView({ initialUsers, currentUserId }: Readonly<{ initialUsers: UserDTO[]; currentUserId: string }>) {
  const id = useId();
  const [users, setUsers] = useState(initialUsers);
  // A seminar or a desk can have hundreds of accounts: narrowed by name or address as one types.
  const [find, setFind] = useState("");
  const wanted = find.trim().toLowerCase();
  const shown = wanted ? users.filter((u) => u.name.toLowerCase().includes(wanted) || u.email.includes(wanted)) : users;
  const replace = (updated: UserDTO) => setUsers((list) => list.map((u) => (u.id === updated.id ? updated : u)));
  const active = users.filter((u) => u.active).length;
  const awaiting = users.filter((u) => !u.active && awaitsPassword(u)).length;

  return (
    <>
      <CreateUserForm
        listed={(id) => users.some((u) => u.id === id)}
        onCreated={(user) => setUsers((list) => (list.some((u) => u.id === user.id) ? list.map((u) => (u.id === user.id ? user : u)) : [user, ...list]))}
      />
      <section aria-labelledby="people-heading" className="people">
        <h2 id="people-heading">People</h2>
        <p className="muted small">
          {users.length} account{users.length === 1 ? "" : "s"}, {active} active. Deactivating someone ends their sessions at once;
          their API tokens stop working until they are reactivated.
        </p>
        {awaiting > 0 && (
          <p className="small">
            {awaiting === 1 ? "One account" : `${awaiting} accounts`} came with an import and {awaiting === 1 ? "has" : "have"} no password yet (an
            export holds none): Set password and activate lets {awaiting === 1 ? "that person" : "each person"} sign in, as does creating a
            user with {awaiting === 1 ? "that address" : "one of those addresses"}.
          </p>
        )}
        <dl className="role-legend small">
          {ROLES.map((role) => (
            <div key={role}>
              <dt>{role}</dt>
              <dd>{ROLE_DESCRIPTIONS[role]}</dd>
            </div>
          ))}
        </dl>
        <div className="find-person">
          <label htmlFor={`${id}-find`}>Find a person</label>
          <input id={`${id}-find`} type="search" value={find} onChange={(e) => setFind(e.target.value)} placeholder="Name or email" autoComplete="off" />
          <p className="muted small" role="status">
            {wanted ? `${shown.length} of ${users.length} shown` : ""}
          </p>
        </div>
        <div className="table-scroll">
          <table className="admin-table users-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((user) => (
                <UserRow key={user.id} user={user} isSelf={user.id === currentUserId} onChange={replace} />
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No one&apos;s name or address contains “{find.trim()}”.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
