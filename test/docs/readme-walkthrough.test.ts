import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER_BIN, startServe, stopAllServers, storeArgs, storeEnv, type ServeProcess } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const SECTION = '## Try the Management API with curl';
const STEP_END = '@@ README STEP END @@';

/** The section's fenced blocks in order: each `sh` block, and the `json` answer shown right after it, if any. */
function walkthrough(): { script: string; answer: string | undefined }[] {
  const start = README.indexOf(SECTION);
  const end = README.indexOf('\n## ', start + SECTION.length);
  const blocks = [...README.slice(start, end).matchAll(/```(sh|json)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1], text: m[2]! }));
  const steps: { script: string; answer: string | undefined }[] = [];
  for (const block of blocks) {
    if (block.kind === 'sh') steps.push({ script: block.text, answer: undefined });
    else steps.at(-1)!.answer = block.text.trim();
  }
  return steps;
}

/** The shape of a JSON value: the keys of objects, the types of values, each array element's shape. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  return value === null ? 'null' : typeof value;
}

describe(`the README's curl walk-through (${ENGINE})`, () => {
  let database: TestDatabase;
  let server: ServeProcess;
  let dir: string;
  beforeAll(async () => {
    database = await freshDatabase();
    server = await startServe({ args: ['--port', '0', ...storeArgs(database)], env: storeEnv(database), port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'roster-readme-'));
    // `npx roster` as a reader's checkout runs it: the built CLI.
    writeFileSync(join(dir, 'npx'), `#!/bin/sh\n[ "$1" = roster ] && shift\nexec "${process.execPath}" "${ROSTER_BIN}" "$@"\n`);
    chmodSync(join(dir, 'npx'), 0o755);
  });
  afterAll(async () => {
    await stopAllServers();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every command and answers in the shapes the README shows', async () => {
    const steps = walkthrough();
    expect(steps.length).toBeGreaterThanOrEqual(6);
    expect(steps.filter((step) => step.answer !== undefined).length).toBeGreaterThanOrEqual(5);
    const script = ['set -e', ...steps.map((step) => `${step.script}\necho; echo '${STEP_END}'`)].join('\n');
    const env = storeEnv(database, {
      ROSTER: `http://localhost:${server.port}`,
      ROSTER_DATA_DIR: database.config.dataDir,
      PATH: `${dir}:${process.env.PATH}`,
    });
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the walk-through did not finish in 60 s\n${stderr}`));
      }, 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    expect(result.code, result.stderr).toBe(0);
    const outputs = result.stdout.split(STEP_END).map((text) => text.trim());
    steps.forEach((step, index) => {
      if (step.answer === undefined) return;
      const answered = JSON.parse(outputs[index]!) as unknown;
      expect(shape(answered), `step ${index + 1}:\n${step.script}`).toEqual(shape(JSON.parse(step.answer)));
    });
  }, 90_000);
});
