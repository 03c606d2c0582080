import { Type } from '@sinclair/typebox';
import { invalid } from '../../domain/errors.js';
import { CONTACT_IDENTITY_TYPES } from '../../domain/identity-types.js';
import { USER_ID } from '../../domain/ids.js';
import * as users from '../../services/users.js';
import { cursorOf } from './cursor.js';
import { defineRoute, OK } from './route.js';
import {
  Bool,
  CommaList,
  ErrorResponse,
  Expand,
  ListedUser,
  Nullable,
  PageSize,
  SearchedUser,
  SuccessResponse,
  Text,
  User,
  UserId,
} from './schemas.js';
import { parseExpand, primaryOf, userView } from './views.js';
import { warn } from './warnings.js';

const Name = Text(255);
const Picture = Text(2048, 'An http(s) URL');
const ProvidedId = Text(255, 'Your own id for this user');
const UserQuery = Type.Object({ id: UserId }, { additionalProperties: false });

const Details = Type.Object(
  {
    email: Type.Optional(Text(320)),
    phone: Type.Optional(Text(64)),
    phone_country_id: Type.Optional(Text(8)),
    username: Type.Optional(Text(128)),
  },
  { additionalProperties: false },
);

const createUser = defineRoute({
  method: 'POST',
  path: '/user',
  operationId: 'createUser',
  summary: 'Create a user with a profile and identities',
  tag: 'Users',
  scope: 'create:users',
  schema: {
    body: Type.Object(
      {
        profile: Type.Optional(
          Type.Object(
            { given_name: Type.Optional(Name), family_name: Type.Optional(Name), picture: Type.Optional(Picture) },
            { additionalProperties: false },
          ),
        ),
        organization_code: Type.Optional(Text(64)),
        provided_id: Type.Optional(ProvidedId),
        identities: Type.Optional(
          Type.Array(
            Type.Object(
              { type: Text(32), is_verified: Type.Optional(Bool), details: Type.Optional(Details) },
              { additionalProperties: false },
            ),
            { maxItems: 20 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({
        id: Type.String(),
        created: Type.Boolean(),
        identities: Type.Array(Type.Object({ type: Type.String(), result: Type.Object({ created: Type.Boolean() }) })),
      }),
      400: ErrorResponse,
      409: ErrorResponse,
    },
  },
  async handle({ body, actor, reply }, roster) {
    if (body.organization_code !== undefined)
      throw invalid('ORGANIZATION_NOT_FOUND', 'Organizations are not supported', 'organization_code');
    const created = await users.createUser(roster, body, actor);
    warn(reply, created.warnings);
    return { id: created.user.id, created: true, identities: created.identities.map((i) => ({ type: i.type, result: { created: true } })) };
  },
});

const getUser = defineRoute({
  method: 'GET',
  path: '/user',
  operationId: 'getUserData',
  summary: 'Get a user',
  tag: 'Users',
  scope: 'read:users',
  schema: {
    querystring: Type.Object({ id: UserId, expand: Type.Optional(Expand) }, { additionalProperties: false }),
    response: { 200: User, 404: ErrorResponse },
  },
  async handle({ query }, roster) {
    const expand = parseExpand(query.expand);
    return userView(await users.getUser(roster, query.id, expand.has('identities')), {
      emailField: 'preferred_email',
      expand,
      identityDetail: 'full',
    });
  },
});

const updateUser = defineRoute({
  method: 'PATCH',
  path: '/user',
  operationId: 'updateUser',
  summary: 'Update a user’s profile and status',
  tag: 'Users',
  scope: 'update:users',
  schema: {
    querystring: UserQuery,
    body: Type.Object(
      {
        given_name: Type.Optional(Name),
        family_name: Type.Optional(Name),
        picture: Type.Optional(Picture),
        is_suspended: Type.Optional(Bool),
        is_password_reset_requested: Type.Optional(Bool),
        provided_id: Type.Optional(ProvidedId),
      },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({
        id: Type.String(),
        given_name: Nullable(Type.String()),
        family_name: Nullable(Type.String()),
        email: Nullable(Type.String()),
        is_suspended: Type.Boolean(),
        is_password_reset_requested: Type.Boolean(),
        picture: Nullable(Type.String()),
      }),
      400: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async handle({ query, body, actor }, roster) {
    const { user, identities } = await users.updateUser(roster, query.id, body, actor);
    return {
      id: user.id,
      given_name: user.first_name,
      family_name: user.last_name,
      email: primaryOf(identities, 'email'),
      is_suspended: user.is_suspended === 1,
      is_password_reset_requested: user.is_password_reset_requested === 1,
      picture: user.picture,
    };
  },
});

const deleteUser = defineRoute({
  method: 'DELETE',
  path: '/user',
  operationId: 'deleteUser',
  summary: 'Delete a user and all their identities',
  tag: 'Users',
  scope: 'delete:users',
  schema: {
    querystring: Type.Object({ id: UserId, is_delete_profile: Type.Optional(Bool) }, { additionalProperties: false }),
    response: { 200: SuccessResponse, 404: ErrorResponse },
  },
  async handle({ query, actor }, roster) {
    await users.deleteUser(roster, query.id, actor);
    return OK;
  },
});

const listUsers = defineRoute({
  method: 'GET',
  path: '/users',
  operationId: 'getUsers',
  summary: 'List users, optionally filtered by id, email, username or phone',
  tag: 'Users',
  scope: 'read:users',
  schema: {
    querystring: Type.Object(
      {
        page_size: Type.Optional(PageSize),
        user_id: Type.Optional(CommaList('User ids, comma-separated')),
        next_token: Type.Optional(Text(200, 'The cursor from the previous page')),
        email: Type.Optional(CommaList('Emails, comma-separated; matched ignoring case')),
        username: Type.Optional(CommaList('Usernames, comma-separated; matched ignoring case')),
        phone: Type.Optional(CommaList('Phone numbers in E.164, comma-separated')),
        expand: Type.Optional(Expand),
        has_organization: Type.Optional(Bool),
        active_since: Type.Optional(Type.String({ format: 'date-time' })),
      },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({ code: Type.String(), message: Type.String(), users: Type.Array(ListedUser), next_token: Nullable(Type.String()) }),
      400: ErrorResponse,
    },
  },
  async handle({ query }, roster) {
    const expand = parseExpand(query.expand);
    const split = (list: string | undefined) =>
      list
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const identityFilters = CONTACT_IDENTITY_TYPES.filter((type) => query[type] !== undefined).map((type) => ({
      type,
      values: split(query[type])!.map(type === 'phone' ? asInternational : (v: string) => v),
    }));
    const result = await users.listUsers(roster, {
      userIds: split(query.user_id),
      identityFilters,
      pageSize: query.page_size ?? 10,
      afterId: query.next_token === undefined ? undefined : decodeCursor(query.next_token),
      allIdentities: expand.has('identities'),
      activeSince: query.active_since,
      // Roster has no organizations yet, so nobody belongs to one.
      onlyWithOrganization: query.has_organization === true,
    });
    return {
      ...OK,
      users: result.users.map((u) => userView(u, { emailField: 'email', expand, identityDetail: 'connection' })),
      next_token: result.lastId === null ? null : encodeCursor(result.lastId),
    };
  },
});

const searchUsers = defineRoute({
  method: 'GET',
  path: '/search/users',
  operationId: 'searchUsers',
  summary: 'Search users by the start of an email, username, phone number or name',
  tag: 'Search',
  scope: 'read:users',
  schema: {
    querystring: Type.Object(
      {
        query: Type.Optional(Text(320, "What to look for; '*' lists everyone")),
        page_size: Type.Optional(PageSize),
        starting_after: Type.Optional(UserId),
        ending_before: Type.Optional(UserId),
        expand: Type.Optional(Expand),
        api_scopes: Type.Optional(Text(200)),
      },
      { additionalProperties: false },
    ),
    response: { 200: Type.Object({ code: Type.String(), message: Type.String(), results: Type.Array(SearchedUser) }), 400: ErrorResponse },
  },
  async handle({ query }, roster) {
    const expand = parseExpand(query.expand);
    const found = await users.searchUsers(roster, {
      // As in the list filters: a '+' the caller forgot to encode arrives as a space before a phone's digits.
      query: query.query?.replace(/^ (?=\d)/, '+') ?? '*',
      pageSize: query.page_size ?? 10,
      startingAfter: query.starting_after,
      endingBefore: query.ending_before,
      allIdentities: expand.has('identities'),
    });
    return { ...OK, results: found.map((u) => userView(u, { emailField: 'email', expand })) };
  },
});

const refreshClaims = defineRoute({
  method: 'POST',
  path: '/users/:user_id/refresh_claims',
  operationId: 'refreshUserClaims',
  summary: 'Refresh a user’s claims: the next token issued carries the current state',
  tag: 'Users',
  scope: 'update:user_refresh_claims',
  schema: { params: Type.Object({ user_id: UserId }), response: { 200: SuccessResponse, 404: ErrorResponse } },
  async handle({ params, actor }, roster) {
    await users.refreshClaims(roster, params.user_id, actor);
    return OK;
  },
});

/**
 * A phone filter has no country to read a national number against, so bare digits are E.164 whose '+' was left out
 * or arrived as a space (an unencoded '+' in a query string).
 */
const asInternational = (value: string) => (/^\d/.test(value) ? `+${value}` : value);

const { encode: encodeCursor, decode: decodeCursor } = cursorOf('after', USER_ID);

export const userRoutes = [listUsers, searchUsers, getUser, createUser, updateUser, deleteUser, refreshClaims];
