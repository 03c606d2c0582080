import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid, RosterError } from '../../domain/errors.js';
import { importUsers } from '../../services/import/pipeline.js';
import { IMPORT_FORMAT_NAMES, type ImportFormatName } from '../../services/import/record.js';
import { ImportReportSchema } from '../../services/import/report.js';
import { checkFormatName, openImportSource } from '../../services/import/source.js';
import { defineRoute } from './route.js';
import { Bool, ErrorResponse } from './schemas.js';
import { spoolUpload } from './spool.js';

/** Kinde's own import takes files up to 49 MB. */
export const IMPORT_BODY_LIMIT = 49 * 1024 * 1024;

// Raw bodies that are the file itself, and the format each means when none is named.
const RAW_TYPES: Record<string, ImportFormatName> = {
  'application/x-ndjson': 'kinde-ndjson',
  'application/ndjson': 'kinde-ndjson',
  'text/csv': 'kinde-csv',
};

async function acceptUploads(scope: FastifyInstance): Promise<void> {
  // One byte over the limit reaches `limited`, which refuses it: at the limit itself the plugin would cut the file
  // short without an error.
  await scope.register(multipart, { limits: { fileSize: IMPORT_BODY_LIMIT + 1, files: 1, fields: 5, fieldSize: 1024, parts: 6 } });
  // The body is the file: handed over as a stream and read as it arrives.
  for (const type of Object.keys(RAW_TYPES)) scope.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
}

/** The upload's bytes, counted: past the limit the request is refused (streamed bodies bypass Fastify's own limit). */
async function* limited(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > IMPORT_BODY_LIMIT)
      throw new RosterError(413, 'REQUEST_TOO_LARGE', `The file is larger than ${IMPORT_BODY_LIMIT / 1024 / 1024} MB`);
    yield chunk;
  }
}

async function uploadOf(request: FastifyRequest): Promise<{ chunks: AsyncIterable<Buffer>; format?: string; fileName?: string }> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (!part) throw invalid('INVALID_REQUEST', 'Send the file in a multipart field named file', 'file');
    if (part.fieldname !== 'file')
      throw invalid('INVALID_REQUEST', `Send the file in a multipart field named file, not ${part.fieldname}`, 'file');
    const format = part.fields.format;
    const named = format && 'value' in format && typeof format.value === 'string' ? format.value : undefined;
    return { chunks: limited(part.file), format: named, fileName: part.filename };
  }
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  const rawFormat = RAW_TYPES[type];
  if (rawFormat && request.body) return { chunks: limited(request.body as AsyncIterable<Buffer>), format: rawFormat };
  throw invalid(
    'INVALID_REQUEST',
    `Send the file as multipart/form-data (field file) or as the body with Content-Type ${Object.keys(RAW_TYPES).join(', ')}`,
    'file',
  );
}

const importRoute = defineRoute({
  method: 'POST',
  path: '/users/import',
  operationId: 'importUsers',
  summary: 'Import users from a file (a Roster extension: Kinde imports only in its admin UI)',
  tag: 'Roster extensions',
  scope: 'create:users',
  schema: {
    querystring: Type.Object(
      {
        dry_run: Type.Optional({ ...Bool, description: 'Check the file against the database and report; write nothing' }),
        format: Type.Optional(
          Type.String({ enum: [...IMPORT_FORMAT_NAMES], description: 'Default: the multipart field format, else guessed from the file' }),
        ),
      },
      { additionalProperties: false },
    ),
    response: { 200: ImportReportSchema, 400: ErrorResponse, 413: ErrorResponse },
  },
  context: { bodyLimit: IMPORT_BODY_LIMIT, setup: acceptUploads, longUpload: true },
  // A refused upload writes nothing: the whole file is kept aside (it is bounded) and checked in a dry run first, so a
  // size over the limit or a file that stops parsing halfway is refused before the first user is written.
  async handle({ query, actor, reply }, roster) {
    const upload = await uploadOf(reply.request);
    const named = checkFormatName(query.format) ?? checkFormatName(upload.format);
    const spooled = await spoolUpload(upload.chunks).catch((error: unknown) => {
      // Refused before the body was read to its end: the rest of it must not be taken for the next request.
      void reply.header('connection', 'close');
      throw error;
    });
    try {
      const run = async (dryRun: boolean) => {
        const source = await openImportSource(spooled.open(), named, { fileName: upload.fileName });
        return importUsers(roster, source.rows, { dryRun, format: source.format, actor });
      };
      const checked = await run(true);
      return query.dry_run === true ? checked : await run(false);
    } finally {
      await spooled.remove();
    }
  },
});

export const importRoutes = [importRoute];
