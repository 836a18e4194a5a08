// Flat config: typescript-eslint's recommended rules (not type-checked, to stay fast) plus the import
// boundary of ARCHITECTURE.md: libs/domain and libs/events are pure TypeScript. The boundary is itself
// tested by scripts/lint-boundary.spec.ts, so it cannot silently stop matching.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const PURE =
  'libs/domain and libs/events are pure (decide/evolve are functions of their inputs, ARCHITECTURE.md)';
const forbidden = (names, why) => names.map((name) => ({ name, message: `${PURE}: ${why}` }));

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval']
    .concat([
      'clearInterval',
      'setImmediate',
      'structuredClone',
      'fetch',
      'AbortController',
      'AbortSignal',
      'TextEncoder',
    ])
    .map((g) => [g, 'readonly']),
);

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      // Reported, not failed: Nest reflection code (route matrix) types controllers as `Function`, and
      // ESLint 10's new preserve-caught-error flags existing tests; both are style, not correctness.
      '@typescript-eslint/no-unsafe-function-type': 'warn',
      'preserve-caught-error': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // Tests read JSON answers and reflect over Nest's route metadata (controllers typed as Function);
  // the benchmark reads result files. `any` and `Function` there are reading, not modelling.
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  // Imports name packages (`#events`, `#domain`, … in package.json's "imports"), never a path into
  // another lib's src/ or into an app; what two apps share lives in a lib (ARCHITECTURE.md).
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+libs/',
              message: 'import a lib by its package name (#events, #domain, …), not by a path',
            },
            {
              regex: '^(\\.\\./)+[a-z-]+/src/',
              message:
                "a path into another lib's or app's src/: import the lib by its package name; apps never import apps",
            },
            { regex: '^(\\.\\./)+apps/', message: 'apps never import apps, and libs never import apps' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/events/**/*.ts'],
    // Tests may seed fast-check from the clock and read their fixture files; the code under test may not.
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...forbidden(['bullmq', 'ioredis'], 'jobs and Redis belong to apps/command and apps/projector'),
            ...forbidden(['better-sqlite3'], 'storage belongs to libs/event-store and the apps'),
            ...forbidden(
              ['node:fs', 'fs', 'node:fs/promises', 'fs/promises'],
              'no file I/O; data comes in as arguments',
            ),
            ...forbidden(['node:net', 'net', 'node:http', 'http', 'node:https', 'https'], 'no network I/O'),
            ...forbidden(['node:child_process', 'child_process'], 'no processes'),
          ],
          patterns: [
            { group: ['@nestjs/*'], message: `${PURE}: no Nest; wiring belongs to the apps` },
            { group: ['@kurrent/*'], message: `${PURE}: the event-store client belongs to libs/event-store` },
            {
              regex: '/(apps|event-store)/|^#(?!events$|domain$)|^(\\.\\./)+[a-z-]+/src/',
              message: `${PURE}: the domain imports #events only (by package name), never the apps, the stores or the other libs (they depend on it)`,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: `${PURE}: time comes in as data (a command's metadata or an argument), never Date.now()`,
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: `${PURE}: randomness comes in as data (ids in the command), never Math.random()`,
        },
      ],
    },
  },
);
