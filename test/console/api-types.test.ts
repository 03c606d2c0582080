import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(root, 'console/scripts/api-types.js');
const TYPES = join(root, 'console/src/api/schema.d.ts');

function check(file?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, '--check', ...(file ? ['--file', file] : [])],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The console's API types are generated from the OpenAPI document (npm run console:types); a stale copy fails here. */
describe("the console's API types", () => {
  const folder = mkdtempSync(join(tmpdir(), 'roster-api-types-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('match the OpenAPI document the routes generate', async () => {
    const result = await check();
    expect(result.code, result.stderr).toBe(0);
  });

  it('are reported stale when they differ from it', async () => {
    const stale = join(folder, 'schema.d.ts');
    writeFileSync(stale, readFileSync(TYPES, 'utf8').replace('preferred_email: string | null;', 'preferred_email: string;'));
    const result = await check(stale);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is stale');
    expect(result.stderr).toContain('npm run console:types');
  });
});
