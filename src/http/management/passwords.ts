import { Type } from '@sinclair/typebox';
import { IMPORT_HASHING_METHODS } from '../../domain/imported-password.js';
import * as passwords from '../../services/passwords.js';
import { defineRoute, OK } from './route.js';
import { Bool, ErrorResponse, Nullable, SuccessResponse, Text, UserId } from './schemas.js';

const Optional = (maxLength: number, description: string) => Type.Optional(Nullable(Text(maxLength, description)));
const Whole = (description: string) => Type.Optional(Nullable(Type.Integer({ description })));

const setUserPassword = defineRoute({
  method: 'PUT',
  path: '/users/:user_id/password',
  operationId: 'SetUserPassword',
  summary: 'Set a user’s password from a hash made elsewhere; it is re-hashed to argon2id at the next sign-in',
  tag: 'Users',
  scope: 'update:user_passwords',
  schema: {
    params: Type.Object({ user_id: UserId }),
    body: Type.Object(
      {
        hashed_password: Text(1024, 'The hash, in the form its method writes it'),
        hashing_method: Optional(64, `One of ${IMPORT_HASHING_METHODS.join(', ')} (default bcrypt)`),
        salt: Optional(1024, 'For md5, sha256, pbkdf2 and firebase-scrypt'),
        salt_position: Optional(16, 'prefix or suffix: where the salt goes (md5, sha256)'),
        salt_format: Optional(16, 'Roster extension: hex, string or base64 (default string; base64 for firebase-scrypt)'),
        iterations: Whole('pbkdf2 only (default 24000)'),
        variant: Optional(64, 'pbkdf2 only: salted-pbkdf2-hmac-sha1, -sha256 or -sha512'),
        signer_key: Optional(1024, 'firebase-scrypt only: the project’s base64 signer key'),
        salt_separator: Optional(256, 'firebase-scrypt only: base64'),
        rounds: Whole('firebase-scrypt only (1-16)'),
        mem_cost: Whole('firebase-scrypt only (1-20)'),
        is_temporary_password: Type.Optional(Bool),
      },
      { additionalProperties: false },
    ),
    response: { 200: SuccessResponse, 400: ErrorResponse, 404: ErrorResponse },
  },
  async handle({ params, body, actor }, roster) {
    await passwords.setImportedPassword(roster, params.user_id, body, actor);
    return OK;
  },
});

export const passwordRoutes = [setUserPassword];
