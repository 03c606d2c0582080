import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

// Compose files and shells often pass `PORT=` or `HOST=` with no value; that must mean "not set", not port 0 or every interface.
describe('roster settings from empty environment variables', () => {
  it('treats an empty PORT as unset and listens on the default port 3000', () => {
    expect(loadConfig({}, { PORT: '' }).port).toBe(3000);
  });

  it('treats an empty HOST as unset and binds 127.0.0.1, never every interface', () => {
    expect(loadConfig({}, { HOST: '' }).host).toBe('127.0.0.1');
  });

  it('treats an empty ROSTER_ISSUER as unset and defaults to http://localhost:<port>', () => {
    expect(loadConfig({ port: 4100 }, { ROSTER_ISSUER: '' }).issuer).toBe('http://localhost:4100');
  });

  it('treats an empty ROSTER_DATA_DIR as unset and uses ./.roster', () => {
    expect(loadConfig({}, { ROSTER_DATA_DIR: '' }).dataDir).toBe(`${process.cwd()}/.roster`);
  });
});
