import { describe, expect, it } from 'vitest';
import { getJson, useServedDatabase } from '../support/cli.js';
import { ENGINE } from '../support/roster.js';

describe(`roster serve /healthz (${ENGINE})`, () => {
  const { database, server } = useServedDatabase();

  it('answers 200 {status:"ok"} without a token while the database is reachable', async () => {
    expect(await getJson(`${server.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it.runIf(ENGINE === 'postgres')('answers 503 once the PostgreSQL database is gone, and keeps running', async () => {
    await database.drop();
    const health = await getJson(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable' });
    expect(server.child.exitCode).toBeNull();
  });
});
