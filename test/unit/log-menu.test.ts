// The application menu's "Open Logs Folder" and the rest of its shape. Electron's runtime does
// not exist on the build machines, so the electron module is replaced by a recorder: what is
// checked is the template the app hands to Menu and what its items call.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electron = vi.hoisted(() => ({
  built: [] as unknown[],
  shell: { openPath: vi.fn(async () => ''), openExternal: vi.fn(async () => {}) },
  dialog: { showErrorBox: vi.fn() },
}));

vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (template: unknown) => {
      electron.built.push(template);
      return { template };
    },
    setApplicationMenu: vi.fn(),
  },
  shell: electron.shell,
  dialog: electron.dialog,
}));

const { appMenuTemplate, installAppMenu, LINQ_DOCS_URL } =
  await import('../../electron/main/app-menu.ts');

type Item = MenuItemConstructorOptions;
const LOGS = '/home/someone/.config/Linq Contact Cards/data/logs';

function submenu(template: Item[], label: string): Item[] {
  const menu = template.find((item) => item.label?.replace('&', '') === label);
  if (!menu) throw new Error(`no ${label} menu`);
  return menu.submenu as Item[];
}

function click(item: Item | undefined): void {
  (item!.click as () => void)();
}

beforeEach(() => {
  electron.built.length = 0;
  vi.clearAllMocks();
});

describe('the Help menu', () => {
  it('opens the logs folder, and says where it is when that fails', async () => {
    const help = submenu(appMenuTemplate({ logsDir: LOGS, isPackaged: true }, 'linux'), 'Help');
    click(help.find((item) => item.label === 'Open Logs Folder'));
    expect(electron.shell.openPath).toHaveBeenCalledWith(LOGS);
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();

    electron.shell.openPath.mockResolvedValueOnce('No application is registered');
    click(help.find((item) => item.label === 'Open Logs Folder'));
    await vi.waitFor(() => expect(electron.dialog.showErrorBox).toHaveBeenCalledTimes(1));
    expect(electron.dialog.showErrorBox.mock.calls[0]![1]).toContain(LOGS);
  });

  it("opens Linq's API documentation in the browser", () => {
    const help = submenu(appMenuTemplate({ logsDir: LOGS, isPackaged: true }, 'linux'), 'Help');
    click(help.find((item) => item.label === 'Linq API documentation'));
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://docs.linqapp.com/');
    expect(LINQ_DOCS_URL).toBe('https://docs.linqapp.com/');
  });
});

describe('the other menus', () => {
  const roles = (items: Item[]) => items.map((item) => item.role ?? item.type);

  it('gives a packaged app neither reload nor the developer tools', () => {
    const template = appMenuTemplate({ logsDir: LOGS, isPackaged: true }, 'linux');
    const view = roles(submenu(template, 'View'));
    expect(view).not.toContain('reload');
    expect(view).not.toContain('toggleDevTools');
    expect(view).not.toContain('forceReload');
  });

  it('gives a development build reload and the developer tools', () => {
    const view = roles(
      submenu(appMenuTemplate({ logsDir: LOGS, isPackaged: false }, 'linux'), 'View'),
    );
    expect(view).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('has File with Quit and the Edit roles, and the app menu first on macOS', () => {
    const linux = appMenuTemplate({ logsDir: LOGS, isPackaged: true }, 'linux');
    expect(linux.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(roles(submenu(linux, 'File'))).toEqual(['quit']);
    expect(roles(submenu(linux, 'Edit'))).toEqual([
      'undo',
      'redo',
      'separator',
      'cut',
      'copy',
      'paste',
      'selectAll',
    ]);
    const mac = appMenuTemplate({ logsDir: LOGS, isPackaged: true }, 'darwin');
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(mac.slice(1).map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Help']);
  });

  it('installs the menu it builds', async () => {
    const { Menu } = await import('electron');
    installAppMenu({ logsDir: LOGS, isPackaged: true });
    expect(electron.built).toHaveLength(1);
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith({ template: electron.built[0] });
  });
});
