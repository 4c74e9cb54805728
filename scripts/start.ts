// `npm start` and `npm run dev`: fetch Electron's runtime if this computer does not have it
// yet (see electron-runtime/ensure-runtime.ts for why electron-vite alone cannot), then hand
// over to electron-vite, which builds the app and launches it.
//   node scripts/start.ts preview|dev [electron-vite options]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureElectronRuntime } from './electron-runtime/ensure-runtime.ts';
import { wrapParagraph } from './electron-runtime/failure-message.ts';

const [mode, ...rest] = process.argv.slice(2);
if (mode !== 'preview' && mode !== 'dev') {
  console.error('Usage: node scripts/start.ts preview|dev [electron-vite options]');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const runtime = await ensureElectronRuntime({
  electronDir: dirname(require.resolve('electron/package.json')),
  env: process.env,
  say: (line) => console.log(line),
});
if (!runtime.ok) {
  console.error(`\n${wrapParagraph(runtime.message)}\n`);
  process.exit(1);
}

/** electron-vite's command line (its package exports no path to it, only its package.json). */
function electronViteCli(): string {
  const manifestPath = require.resolve('electron-vite/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin: Record<string, string>;
  };
  return join(dirname(manifestPath), manifest.bin['electron-vite']!);
}

const electronVite = spawn(
  process.execPath,
  [electronViteCli(), mode, ...rest],
  // ELECTRON_EXEC_PATH is where electron-vite looks first: the runtime just checked.
  { stdio: 'inherit', env: { ...process.env, ELECTRON_EXEC_PATH: runtime.executable } },
);
// A terminal's Ctrl+C reaches every process of the group; a signal sent to this process alone
// (npm passes SIGTERM on) goes on to electron-vite, which passes it to Electron.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (electronVite.exitCode === null) electronVite.kill(signal);
  });
}
electronVite.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
