/** Import rules checked by `npm run lint`. Type-only imports count: a circle of types still ties the files together. */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: break it by moving what both sides need into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ imports nothing else from the project.',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'store-knows-no-callers',
      severity: 'error',
      comment: 'store/ is called by services; it calls nothing above it.',
      from: { path: '^src/store/' },
      to: { path: '^src/(services|http|cli|auth)/' },
    },
    {
      name: 'services-know-no-faces',
      severity: 'error',
      comment: 'services/ are called by the HTTP routes and the CLI, never the other way round.',
      from: { path: '^src/services/' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'auth-knows-no-callers',
      severity: 'error',
      comment: 'auth/ is cryptography used by services; it calls nothing above it.',
      from: { path: '^src/auth/' },
      to: { path: '^src/(services|http|cli)/' },
    },
    {
      name: 'rows-stay-in-store',
      severity: 'warn',
      comment: 'Row types (0/1 flags, JSON text) are mapped to domain types at the store boundary.',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^src/store/schema\\.ts$' },
    },
    {
      name: 'http-and-auth-skip-the-store',
      severity: 'warn',
      comment: 'http/ and auth/ reach the database only through services.',
      from: { path: '^src/(http|auth)/' },
      to: { path: '^src/store/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
