import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RosterError } from '../domain/errors.js';

export interface KindeError {
  code: string;
  message: string;
  field?: string;
}

export function sendErrors(reply: FastifyReply, status: number, errors: KindeError[]): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ errors });
}

/** Unknown routes answer with `errors` as an object, not an array: Kinde does, and its clients expect it. */
export function sendRouteNotFound(reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .type('application/json; charset=utf-8')
    .send({ errors: { code: 'ROUTE_NOT_FOUND', message: 'The requested API route does not exist' } });
}

const FRAMEWORK_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'REQUEST_TOO_LARGE', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_REQUEST', 'The JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_REQUEST', 'The body is not valid JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_REQUEST', 'Content-Length does not match the body'],
};

/** The one place that turns failures into Kinde's error envelope. */
export function kindeErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof RosterError) {
    return sendErrors(reply, error.status, [{ code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }]);
  }
  if (error.validation) {
    const first = error.validation[0]!;
    const unknownField =
      first.keyword === 'additionalProperties' ? (first.params as { additionalProperty?: string }).additionalProperty : undefined;
    const missing = first.keyword === 'required' ? (first.params as { missingProperty?: string }).missingProperty : undefined;
    // Named the way the services name fields: `identities[1].details.email`, down to the missing or unknown property.
    const field =
      [...first.instancePath.split('/').filter(Boolean), unknownField ?? missing]
        .filter(Boolean)
        .reduce((path, part) => (/^\d+$/.test(part!) ? `${path}[${part}]` : path ? `${path}.${part}` : part!), '') || undefined;
    const config = request.routeOptions.config as { unknownFieldCode?: string };
    const code = unknownField ? (config.unknownFieldCode ?? 'INVALID_REQUEST') : 'INVALID_REQUEST';
    const message = unknownField
      ? `${field} is not a field this request accepts`
      : missing
        ? `${field} is required`
        : `${field ?? error.validationContext} ${first.message}`;
    return sendErrors(reply, 400, [{ code, message, ...(field ? { field } : {}) }]);
  }
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return sendErrors(reply, known[0], [{ code: known[1], message: known[2] }]);
  if (error instanceof SyntaxError) return sendErrors(reply, 400, [{ code: 'INVALID_REQUEST', message: 'The body is not valid JSON' }]);
  if (error.statusCode && error.statusCode < 500) {
    return sendErrors(reply, error.statusCode, [{ code: 'INVALID_REQUEST', message: error.message }]);
  }
  request.log.error({ err: error }, 'request failed');
  return sendErrors(reply, 500, [{ code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged' }]);
}
