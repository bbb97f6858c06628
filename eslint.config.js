import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// zod's classic API is not tree-shakable (every schema drags in every method): the whole app,
// server and tests use the functional `zod/mini` (the same core, the same issues and messages).
const classicZod = ['zod', 'zod/v4', 'zod/v4/classic', 'zod/v3'].map((name) => ({
  name,
  message: "Import { z } from 'zod/mini' (tree-shakable; the classic API weighs on the install).",
}));

export default tseslint.config(
  { ignores: ['dist/', 'dist-server/', 'dev-dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Type-aware rules: a promise nobody awaits is a write or an error silently lost.
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'no-console': 'off',
      'no-restricted-imports': ['error', { paths: classicZod }],
    },
  },
  {
    // Preact components use the same hooks contract as React's (preact/hooks).
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useLiveQuery$' }] },
  },
  {
    // The one contract is imported by name (package.json `imports`), never by climbing folders.
    ignores: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: classicZod, patterns: [{ group: ['**/shared/*', '**/shared'], message: 'Import the shared contract as #shared/… (package.json imports).' }] }],
    },
  },
  {
    // Tests read loosely typed JSON answers from the real server.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
