// Lint rules that keep the architecture honest: services and shared code never touch
// Electron, and nothing but the preload and the IPC wiring talks to ipcRenderer/ipcMain.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'keytar', '@linqapp/sdk'],
              message: 'The renderer has no Node or network access; go through window.linq.',
            },
            {
              // shared/ names what each file holds: a file that imports zod is `*.schema.ts`
              // (contract.ts, the IPC contract, is the one schema file with a plain name); every
              // other file is zod-free rules and types. Rules split from a schema live beside it
              // in `*.rules.ts`; files that never had a schema keep plain names (rules.ts,
              // photo.ts, image/…). The renderer may import types from a schema file.
              group: ['zod', '**/shared/**/*.schema.ts', '**/shared/contract.ts'],
              allowTypeImports: true,
              message:
                'Schemas are for main; the renderer uses the zod-free rules in shared/ (*.rules.ts, rules.ts, …): zod would add ~85 KB to its startup.',
            },
            {
              group: ['**/shared/phone.ts'],
              allowTypeImports: true,
              message:
                'The phone rules load lazily (libphonenumber is a third of the renderer): use lib/phoneRules.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts', 'electron/services/**/*.ts', 'electron/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Services and shared code run without Electron; wire Electron in electron/main.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', 'keytar', '@linqapp/sdk', 'react'],
              message: 'shared/ is used by both processes: no Node, DOM or Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='ipcMain']",
          message:
            'Register IPC through registerIpcHandlers (electron/main/ipc.ts), which validates every payload.',
        },
      ],
    },
  },
);
