import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const TFJS = { group: ['@tensorflow/*'], message: 'The UI never imports tfjs: talk to the worker through src/protocol.ts.' };
const ENGINE_FROM_UI = { group: ['**/engine/*', '**/engine', '**/worker/*'], message: 'The UI reaches the engine only through the worker protocol.' };
const UI_FROM_ENGINE = { group: ['react', 'react-dom', 'react-dom/*', 'recharts', '**/ui/*', '**/worker/*'], message: 'The engine is pure TypeScript on tfjs: no React, no UI, no worker.' };

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [TFJS, ENGINE_FROM_UI] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    // No DOM globals: `window`, `document` are not defined here, so using them is an error.
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [UI_FROM_ENGINE] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'self', 'postMessage'],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    languageOptions: { globals: { ...globals.worker } },
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'recharts', '**/ui/*'], message: 'The worker does not render.' }] }] },
  },
);
