import { Type } from '@sinclair/typebox';
import { invalid } from '../../domain/errors.js';
import { CONTACT_TYPES_IN_WORDS } from '../../domain/identity-types.js';
import * as identities from '../../services/identities.js';
import { defineRoute, OK } from './route.js';
import { ErrorResponse, Identity, IdentityId, Nullable, PageSize, SuccessResponse, Text, UserId } from './schemas.js';
import { identityView } from './views.js';
import { warn } from './warnings.js';

const IdentityParams = Type.Object({ identity_id: IdentityId });
const UserParams = Type.Object({ user_id: UserId });

const listIdentities = defineRoute({
  method: 'GET',
  path: '/users/:user_id/identities',
  operationId: 'GetUserIdentities',
  summary: 'List a user’s identities in the order they were added',
  tag: 'Users',
  scope: 'read:user_identities',
  schema: {
    params: UserParams,
    querystring: Type.Object(
      { starting_after: Type.Optional(IdentityId), ending_before: Type.Optional(IdentityId), page_size: Type.Optional(PageSize) },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({ code: Type.String(), message: Type.String(), identities: Type.Array(Identity), has_more: Type.Boolean() }),
      400: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async handle({ params, query }, roster) {
    const page = await identities.listIdentities(roster, params.user_id, {
      startingAfter: query.starting_after,
      endingBefore: query.ending_before,
      pageSize: query.page_size ?? 100,
    });
    return { ...OK, identities: page.identities.map(identityView), has_more: page.hasMore };
  },
});

const createIdentity = defineRoute({
  method: 'POST',
  path: '/users/:user_id/identities',
  operationId: 'CreateUserIdentity',
  summary: `Add an ${CONTACT_TYPES_IN_WORDS} identity to a user`,
  tag: 'Users',
  scope: 'create:user_identities',
  schema: {
    params: UserParams,
    body: Type.Object(
      {
        value: Text(320, 'The email address, phone number (E.164, or national with phone_country_id) or username'),
        type: Text(32, CONTACT_TYPES_IN_WORDS),
        phone_country_id: Type.Optional(Text(8, 'ISO 3166 alpha-2 country, for a national phone number')),
        connection_id: Type.Optional(Text(64)),
        is_verified: Type.Optional(Type.Boolean({ description: 'Roster extension: the email or phone is already confirmed' })),
      },
      { additionalProperties: false },
    ),
    response: {
      201: Type.Object({ code: Type.String(), message: Type.String(), identity: Type.Object({ id: Type.String() }) }),
      400: ErrorResponse,
      404: ErrorResponse,
      409: ErrorResponse,
    },
  },
  async handle({ params, body, actor, reply }, roster) {
    const added = await identities.addIdentity(
      roster,
      params.user_id,
      { type: body.type, value: body.value, phoneCountryId: body.phone_country_id, isVerified: body.is_verified },
      actor,
    );
    warn(reply, added.warnings);
    reply.code(201);
    return { ...OK, identity: { id: added.identity.id } };
  },
});

const getIdentity = defineRoute({
  method: 'GET',
  path: '/identities/:identity_id',
  operationId: 'GetIdentity',
  summary: 'Get an identity',
  tag: 'Identities',
  scope: 'read:identities',
  schema: { params: IdentityParams, response: { 200: Identity, 404: ErrorResponse } },
  async handle({ params }, roster) {
    return identityView(await identities.getIdentity(roster, params.identity_id));
  },
});

const updateIdentity = defineRoute({
  method: 'PATCH',
  path: '/identities/:identity_id',
  operationId: 'UpdateIdentity',
  summary: 'Make an identity the primary of its type (identities are otherwise immutable)',
  tag: 'Identities',
  scope: 'update:identities',
  unknownFieldCode: 'IDENTITY_IMMUTABLE',
  schema: {
    params: IdentityParams,
    // is_primary is checked in the handler, not marked required: a body of only other fields ({"name": …}) must be
    // refused as IDENTITY_IMMUTABLE, and the schema would otherwise report the missing is_primary first.
    body: Type.Object({ is_primary: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    response: { 200: SuccessResponse, 400: ErrorResponse, 404: ErrorResponse },
  },
  async handle({ params, body, actor }, roster) {
    if (body.is_primary === undefined) throw invalid('INVALID_REQUEST', 'is_primary is required', 'is_primary');
    await identities.setPrimary(roster, params.identity_id, body.is_primary, actor);
    return OK;
  },
});

const deleteIdentity = defineRoute({
  method: 'DELETE',
  path: '/identities/:identity_id',
  operationId: 'DeleteIdentity',
  summary: 'Delete an identity; deleting a primary promotes another of its type',
  tag: 'Identities',
  scope: 'delete:identities',
  schema: {
    params: IdentityParams,
    response: {
      200: Type.Object({
        code: Type.String(),
        message: Type.String(),
        promoted_identity_id: Nullable(
          Type.String({ description: 'Roster extension: the identity that became primary in place of a deleted primary, if any' }),
        ),
      }),
      400: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async handle({ params, actor }, roster) {
    const { promoted } = await identities.deleteIdentity(roster, params.identity_id, actor);
    return { ...OK, promoted_identity_id: promoted?.id ?? null };
  },
});

const replaceIdentity = defineRoute({
  method: 'POST',
  path: '/identities/:identity_id/replace',
  operationId: 'ReplaceIdentity',
  summary:
    'Replace an identity with a new value of its type in one step: the new one is added, made primary if the old one was, and the old one deleted',
  tag: 'Roster extensions',
  scope: 'update:identities',
  schema: {
    params: IdentityParams,
    body: Type.Object(
      {
        value: Text(320, 'The new email address, phone number (E.164, or national with phone_country_id) or username'),
        phone_country_id: Type.Optional(Text(8, 'ISO 3166 alpha-2 country, for a national phone number')),
        is_verified: Type.Optional(Type.Boolean({ description: 'The new email or phone is already confirmed' })),
      },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({
        code: Type.String(),
        message: Type.String(),
        identity: Type.Object({ id: Type.String() }),
        replaced_identity_id: Type.String(),
      }),
      400: ErrorResponse,
      404: ErrorResponse,
      409: ErrorResponse,
    },
  },
  async handle({ params, body, actor, reply }, roster) {
    const replaced = await identities.replaceIdentity(
      roster,
      params.identity_id,
      { value: body.value, phoneCountryId: body.phone_country_id, isVerified: body.is_verified },
      actor,
    );
    warn(reply, replaced.warnings);
    return { ...OK, identity: { id: replaced.identity.id }, replaced_identity_id: replaced.replaced.id };
  },
});

export const identityRoutes = [listIdentities, createIdentity, getIdentity, updateIdentity, deleteIdentity, replaceIdentity];
