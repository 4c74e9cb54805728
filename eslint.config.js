// Lint rules that keep the architecture honest. The app is in layers, one folder each. A file
// may import its own layer, the layers in its row, and any package its layer is not denied:
//
//   layer               may also import           what it is
//   shared/             (nothing)                 used by every process: no Node, DOM, Electron
//   electron/services/  shared/                   all the real work, in plain Node, no Electron
//   electron/headless/  services/, shared/        the services hosted in plain Node (tests, bench)
//   electron/main/      services/, shared/        the services wired into Electron: windows, IPC
//   electron/preload/   shared/                   the sandboxed bridge: 'electron', no Node
//   renderer/           shared/                   the window: React; no Node, no Electron (main
//                                                 is reached through window.linq)
//
// main and headless are two hosts of the same services and never import each other. test/,
// bench/, scripts/ and build/ are outside the layers and may import anything; no layer imports
// them. Project files such as package.json belong to no layer. `import type` counts as an
// import: no layer needs a type from one it may not import. LAYERS below is this table,
// enforced by eslint-rules/layers.js with a message naming what the layer may import.
//
// Two more rules: within the renderer, zod and the schema files stay out (they are main's, and
// heavy) and the phone rules load lazily; and only electron/main/ipc.ts touches ipcMain, only
// the preload ipcRenderer (eslint-rules/ipc-modules.js), so every message crosses the contract.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import architecture from './eslint-rules/index.js';

/** Packages that need Node: its built-in modules, the keychain and the Linq SDK. */
const NODE = ['node:*', 'keytar', '@linqapp/sdk'];
/** Packages that need a DOM. */
const DOM = ['react', 'react-dom', 'zustand'];

const LAYERS = [
  {
    folder: 'shared',
    mayImport: [],
    forbiddenPackages: ['electron', ...NODE, ...DOM],
    rule: 'shared/ is used by every process and may import no other folder, nor Node, DOM or Electron',
  },
  {
    folder: 'electron/services',
    mayImport: ['shared'],
    forbiddenPackages: ['electron', ...DOM],
    rule: 'electron/services runs without Electron and may import only shared/ and Node',
  },
  {
    folder: 'electron/headless',
    mayImport: ['electron/services', 'shared'],
    forbiddenPackages: ['electron', ...DOM],
    rule: 'electron/headless hosts the services without Electron and may import only electron/services, shared/ and Node',
  },
  {
    folder: 'electron/main',
    mayImport: ['electron/services', 'shared'],
    forbiddenPackages: DOM,
    rule: 'electron/main wires the services into Electron and may import only electron/services, shared/, Node and electron',
  },
  {
    folder: 'electron/preload',
    mayImport: ['shared'],
    forbiddenPackages: [...NODE, ...DOM],
    rule: "electron/preload is the window's sandboxed bridge and may import only shared/ and electron",
  },
  {
    folder: 'renderer',
    mayImport: ['shared'],
    forbiddenPackages: ['electron', ...NODE],
    rule: 'renderer/ has no Node or Electron and may import only renderer/ and shared/ (main is reached through window.linq)',
  },
];

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
                'The phone rules load lazily (libphonenumber is a third of the renderer): use lib/phone-rules.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**', 'electron/**', 'renderer/**'],
    plugins: { architecture },
    rules: {
      'architecture/layers': ['error', { layers: LAYERS }],
      'architecture/ipc-modules': [
        'error',
        {
          ipcMain: {
            onlyIn: ['electron/main/ipc.ts'],
            use: 'register IPC through registerIpcHandlers, which validates every payload',
          },
          ipcRenderer: {
            onlyIn: ['electron/preload/'],
            use: 'the window reaches main through the bridge built from the contract',
          },
        },
      ],
    },
  },
);
