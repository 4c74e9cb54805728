// Host (a): the real Electron app, launched by Playwright. Only where an Electron runtime
// exists; the fixture skips these tests elsewhere, with the reason.
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { withoutProxySettings } from '../../support/loopback-proxy.ts';
import { MAIN_ENTRY } from './paths.ts';
import type { AppHost, HostSetup } from './types.ts';

export async function startElectronHost(
  setup: HostSetup,
  executablePath: string,
): Promise<AppHost> {
  const output: string[] = [];
  const launch = async (): Promise<ElectronApplication> => {
    const app = await electron.launch({
      executablePath,
      args: [MAIN_ENTRY],
      env: {
        // Chromium reads the proxy variables on Linux: a spec that wants a proxy sets it itself.
        ...withoutProxySettings(process.env),
        LINQ_DATA_DIR: setup.dataDir,
        LINQ_API_BASE_URL: setup.apiBaseUrl,
        LINQ_KEYCHAIN_SERVICE: setup.keychainService,
        ...setup.mainEnv,
      },
      colorScheme: setup.colorScheme ?? 'light',
    });
    app.process().stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    app.process().stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    return app;
  };
  let app = await launch();
  const host: AppHost = {
    kind: 'electron',
    page: await app.firstWindow(),
    async restartMain() {
      app.process().kill('SIGKILL');
      app = await launch();
      host.page = await app.firstWindow();
    },
    async killMain() {
      app.process().kill('SIGKILL');
    },
    mainOutput: () => output.join(''),
    async setMainProxy(config) {
      await app.evaluate(({ session }, rules) => session.defaultSession.setProxy(rules), config);
    },
    async answerOpenDialog(path) {
      // Main's own dialog, answered as the user would: main still decides what it grants.
      await app.evaluate(({ dialog }, answer) => {
        dialog.showOpenDialog = (async () => ({
          canceled: answer === null,
          filePaths: answer === null ? [] : [answer],
        })) as typeof dialog.showOpenDialog;
      }, path);
    },
    async close() {
      await app.close().catch(() => {});
    },
  };
  return host;
}
