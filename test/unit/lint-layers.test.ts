// The layer rules of eslint.config.js (eslint-rules/layers.js, eslint-rules/ipc-modules.js), run
// through ESLint's Node API with the project's real config on a temporary copy of the folder
// layout: each deliberately wrong import is rejected with the message of its layer, and each
// right one lints clean.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONFIG = path.resolve(import.meta.dirname, '../../eslint.config.js');

const SERVICES = 'electron/services runs without Electron and may import only shared/ and Node';
const HEADLESS =
  'electron/headless hosts the services without Electron and may import only electron/services, shared/ and Node';
const MAIN =
  'electron/main wires the services into Electron and may import only electron/services, shared/, Node and electron';
const PRELOAD =
  "electron/preload is the window's sandboxed bridge and may import only shared/ and electron";
const RENDERER =
  'renderer/ has no Node or Electron and may import only renderer/ and shared/ (main is reached through window.linq)';
const SHARED =
  'shared/ is used by every process and may import no other folder, nor Node, DOM or Electron';
const IPC_MAIN =
  'ipcMain is used only in electron/main/ipc.ts: register IPC through registerIpcHandlers, which validates every payload.';
const IPC_RENDERER =
  'ipcRenderer is used only in electron/preload/: the window reaches main through the bridge built from the contract.';

/** Files that break a layer, each with the message it must get. */
const WRONG: Record<string, { source: string; message: string }> = {
  'electron/services/probe-main.ts': {
    source: "import { buildMenu } from '../main/app-menu.ts';\nexport const menu = buildMenu;\n",
    message: `${SERVICES}: '../main/app-menu.ts' is in electron/main.`,
  },
  'electron/services/outbox/probe-store.ts': {
    source:
      "import { useView } from '../../../renderer/src/store/view.ts';\nexport const view = useView;\n",
    message: `${SERVICES}: '../../../renderer/src/store/view.ts' is in renderer.`,
  },
  'electron/services/probe-reexport.ts': {
    source: "export { registerIpcHandlers } from '../main/ipc.ts';\n",
    message: `${SERVICES}: '../main/ipc.ts' is in electron/main.`,
  },
  'electron/services/probe-dynamic.ts': {
    source: "export const later = () => import('../headless/host.ts');\n",
    message: `${SERVICES}: '../headless/host.ts' is in electron/headless.`,
  },
  'electron/services/probe-type.ts': {
    source:
      "import type { View } from '../../renderer/src/store/view.ts';\nexport type V = View;\n",
    message: `${SERVICES}: '../../renderer/src/store/view.ts' is in renderer.`,
  },
  'electron/services/probe-type-query.ts': {
    source: "export type Register = typeof import('../main/ipc.ts').registerIpcHandlers;\n",
    message: `${SERVICES}: '../main/ipc.ts' is in electron/main.`,
  },
  'electron/services/probe-electron.ts': {
    source: "import { app } from 'electron';\nexport const name = app.name;\n",
    message: `${SERVICES}: 'electron' is not available here.`,
  },
  'electron/services/probe-test.ts': {
    source: "import { fake } from '../../test/support/fake.ts';\nexport const f = fake;\n",
    message: `${SERVICES}: '../../test/support/fake.ts' is in test/.`,
  },
  'shared/probe-renderer.ts': {
    source:
      "import { initials } from '../renderer/src/lib/initials.ts';\nexport const i = initials;\n",
    message: `${SHARED}: '../renderer/src/lib/initials.ts' is in renderer.`,
  },
  'shared/probe-node.ts': {
    source: "import { readFile } from 'node:fs/promises';\nexport const read = readFile;\n",
    message: `${SHARED}: 'node:fs/promises' is not available here.`,
  },
  'electron/headless/probe-main.ts': {
    source: "import { EXIT } from '../main/index.ts';\nexport const exit = EXIT;\n",
    message: `${HEADLESS}: '../main/index.ts' is in electron/main.`,
  },
  'electron/main/probe-headless.ts': {
    source: "import { host } from '../headless/host.ts';\nexport const h = host;\n",
    message: `${MAIN}: '../headless/host.ts' is in electron/headless.`,
  },
  'electron/main/probe-renderer.ts': {
    source:
      "import type { View } from '../../renderer/src/store/view.ts';\nexport type V = View;\n",
    message: `${MAIN}: '../../renderer/src/store/view.ts' is in renderer.`,
  },
  'electron/preload/probe-services.ts': {
    source:
      "import { readSettings } from '../services/settings.ts';\nexport const r = readSettings;\n",
    message: `${PRELOAD}: '../services/settings.ts' is in electron/services.`,
  },
  'renderer/src/store/probe-services.ts': {
    source:
      "import type { Services } from '../../../electron/services/index.ts';\nexport type S = Services;\n",
    message: `${RENDERER}: '../../../electron/services/index.ts' is in electron/services.`,
  },
  'renderer/src/probe-outside.ts': {
    source: "import { x } from '../../../elsewhere/x.ts';\nexport const y = x;\n",
    message: `${RENDERER}: '../../../elsewhere/x.ts' is outside the project.`,
  },
  'electron/main/foo.ts': {
    source:
      "import { ipcMain as bus } from 'electron';\nexport const listen = () => bus.on('x', () => {});\n",
    message: IPC_MAIN,
  },
  'electron/main/probe-namespace.ts': {
    source:
      "import * as electron from 'electron';\nexport const listen = () => electron.ipcMain;\n",
    message: IPC_MAIN,
  },
  'electron/main/probe-destructure.ts': {
    source:
      "import electron from 'electron';\nconst { ipcMain: bus } = electron;\nexport const listen = () => bus;\n",
    message: IPC_MAIN,
  },
  'electron/main/probe-reexport.ts': {
    source: "export { ipcMain as bus } from 'electron';\n",
    message: IPC_MAIN,
  },
  'electron/main/probe-ipc-renderer.ts': {
    source: "import { ipcRenderer } from 'electron';\nexport const send = ipcRenderer.send;\n",
    message: IPC_RENDERER,
  },
};

/** Files that keep to their layers: each lints without any message. */
const RIGHT: Record<string, string> = {
  'electron/main/probe-ok.ts':
    "import { createServices } from '../services/index.ts';\nimport { RULES } from '../../shared/rules.ts';\nexport const all = [createServices, RULES];\n",
  'electron/main/ipc.ts':
    "import { ipcMain } from 'electron';\nexport const register = () => ipcMain.handle('x', () => 1);\n",
  'electron/preload/index.ts':
    "import { contextBridge, ipcRenderer } from 'electron';\nimport { requestChannel } from '../../shared/channels.ts';\nexport const all = [contextBridge, ipcRenderer, requestChannel];\n",
  'electron/services/outbox/probe-ok.ts':
    "import { readFile } from 'node:fs/promises';\nimport { z } from 'zod';\nimport { CARD } from '../../../shared/card.ts';\nimport { store } from '../store.ts';\nexport const all = [readFile, z, CARD, store];\n",
  'electron/headless/probe-ok.ts':
    "import packageJson from '../../package.json' with { type: 'json' };\nimport { createServices } from '../services/index.ts';\nexport const all = [packageJson, createServices];\n",
  'renderer/src/store/probe-ok.ts':
    "import type { Card } from '../../../shared/card.ts';\nimport { initials } from '../lib/initials.ts';\nexport const first = (card: Card) => initials(card);\n",
  'shared/probe-ok.ts':
    "import { parsePhoneNumber } from 'libphonenumber-js/min';\nimport { LIMITS } from './image/limits.ts';\nexport const all = [parsePhoneNumber, LIMITS];\n",
  'test/unit/probe-ok.ts':
    "import { ipcMain } from 'electron';\nimport { host } from '../../electron/headless/host.ts';\nimport { menu } from '../../electron/main/app-menu.ts';\nexport const all = [ipcMain, host, menu];\n",
};

let project: string;
const results = new Map<string, ESLint.LintResult>();

beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), 'lint-layers-'));
  // The real config, found where ESLint looks for it: the project root is the config's folder.
  writeFileSync(
    path.join(project, 'eslint.config.mjs'),
    `export { default } from ${JSON.stringify(pathToFileURL(CONFIG).href)};\n`,
  );
  const files = {
    ...RIGHT,
    ...Object.fromEntries(Object.entries(WRONG).map(([f, w]) => [f, w.source])),
  };
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.join(project, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(project, file), source);
  }
  const eslint = new ESLint({ cwd: project });
  for (const result of await eslint.lintFiles(Object.keys(files))) {
    results.set(path.relative(project, result.filePath).split(path.sep).join('/'), result);
  }
}, 60_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Every message ESLint gave `file`, as "rule: text". */
function messagesOf(file: string): string[] {
  const result = results.get(file);
  if (!result) throw new Error(`${file} was not linted`);
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the layer rules', () => {
  it.each(Object.entries(WRONG))('reject %s', (file, { message }) => {
    const rule = message.startsWith('ipc') ? 'architecture/ipc-modules' : 'architecture/layers';
    // toContain: the renderer's own package ban may name the same import as well.
    expect(messagesOf(file)).toContain(`${rule}: ${message}`);
  });

  it.each(Object.keys(RIGHT))('accept %s', (file) => {
    expect(messagesOf(file)).toEqual([]);
  });
});
