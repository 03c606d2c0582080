import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, managementRoutes } from '../../src/http/management/index.js';
import { createApplication } from '../../src/services/applications.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses?: Record<string, { description?: string }>;
};
type OpenApi = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: {
    securitySchemes?: Record<
      string,
      { type: string; scheme?: string; flows?: { clientCredentials?: { tokenUrl: string; scopes: Record<string, string> } } }
    >;
  };
};

/** `/users/:user_id/identities` → `/api/v1/users/{user_id}/identities`, as OpenAPI writes paths. */
const openApiPath = (path: string) => API_PREFIX + path.replace(/:([a-z_]+)/g, '{$1}');

/** Every `$ref` in a JSON value. */
function refsIn(value: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 64 || value === null || typeof value !== 'object') return found;
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$ref' && typeof inner === 'string') found.push(inner);
    else refsIn(inner, found, depth + 1);
  }
  return found;
}

describe(`API documentation (${ENGINE})`, () => {
  let server: TestServer;
  let doc: OpenApi;
  beforeAll(async () => {
    server = await startServer();
    const response = await fetch(`${server.url}${API_PREFIX}/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApi;
  });
  afterAll(() => server.close());

  it('serves /api/v1/openapi.json as JSON without a token', async () => {
    const response = await fetch(`${server.url}${API_PREFIX}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('is a well-formed OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBeTypeOf('string');
    expect(doc.info.version).toBeTypeOf('string');
    expect(doc.components?.securitySchemes?.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components?.securitySchemes?.clientCredentials).toMatchObject({
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl: `${server.url}/oauth2/token` } },
    });
    const operationIds: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\//);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(operations)) {
        expect(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']).toContain(method);
        operationIds.push(operation.operationId!);
        const responses = Object.entries(operation.responses ?? {});
        expect(responses.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, response] of responses) {
          expect(status).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          expect(response.description, `${method} ${path} ${status}`).toBeTypeOf('string');
        }
        const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
        expect(pathParams.map((p) => p.name).sort(), `${method} ${path}`).toEqual([...templated].sort());
        for (const param of pathParams) expect(param.required).toBe(true);
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const ref of refsIn(doc)) {
      expect(ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('lists every Management API route, and nothing else, with its operationId and scope', () => {
    const listed = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual(managementRoutes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
    for (const route of managementRoutes) {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      // The scope sits on the OAuth2 scheme, where Swagger UI can ask for it; an http bearer scheme takes no scopes.
      expect(operation?.security, route.operationId).toEqual([{ clientCredentials: [route.scope] }, { bearerToken: [] }]);
      expect(doc.components?.securitySchemes?.clientCredentials?.flows?.clientCredentials?.scopes).toHaveProperty([route.scope]);
      if (route.schema.body) expect(Object.keys(operation?.requestBody?.content ?? {}), route.operationId).toContain('application/json');
    }
  });

  it('serves an HTML page at /api/docs', async () => {
    const response = await fetch(`${server.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<html/i);
    expect(html).toMatch(/swagger/i);
  });

  it('points the docs page at /api/v1/openapi.json', async () => {
    const script = await (await fetch(`${server.url}/api/docs/static/swagger-initializer.js`)).text();
    expect(script).toContain('"url":"/api/v1/openapi.json"');
  });

  it('the token URL answers a client-credentials request as Swagger UI sends it (Basic auth, scope in the body)', async () => {
    const app = await createApplication(server.roster, { type: 'm2m', name: 'swagger ui', scopes: 'read:users create:users' });
    const tokenUrl = doc.components!.securitySchemes!.clientCredentials!.flows!.clientCredentials!.tokenUrl;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=read%3Ausers',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('read:users');
    const users = await fetch(`${server.url}${API_PREFIX}/users`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(users.status).toBe(200);
  });
});
