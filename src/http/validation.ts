import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };
// JSON bodies are typed: `"true"` is not a boolean and must be refused, never coerced.
const strict = addFormats.default(new Ajv({ ...base, coerceTypes: false }));
// Query strings and path parameters arrive as text: `page_size=20` is a number.
const coercing = addFormats.default(new Ajv({ ...base, coerceTypes: 'array' }));

// ajv-formats takes a leap second (`23:59:60Z`) that Date cannot represent; a time must also be one Date can read.
for (const ajv of [strict, coercing]) {
  const rfc3339 = ajv.formats['date-time'] as { validate(text: string): boolean };
  ajv.addFormat('date-time', { type: 'string', validate: (text: string) => rfc3339.validate(text) && !Number.isNaN(Date.parse(text)) });
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
