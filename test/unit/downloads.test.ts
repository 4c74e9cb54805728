// The page can start no download: the session's will-download is refused every time, through
// the same wiring main uses (guardSession), with a fake session in place of Electron's.
import { EventEmitter } from 'node:events';
import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { refuseDownloads } from '../../electron/main/downloads.ts';
import { guardSession } from '../../electron/main/session-guards.ts';

/** A will-download as Electron emits it: an event that can be prevented, and the item. */
function startDownload(session: EventEmitter, filename: string): boolean {
  let prevented = false;
  const event = { preventDefault: () => (prevented = true) };
  session.emit('will-download', event, { getFilename: () => filename });
  return prevented;
}

/** Enough of Electron's Session for guardSession: the handlers it sets are kept and ignored. */
function fakeSession(): EventEmitter & Record<string, unknown> {
  const session = new EventEmitter() as EventEmitter & Record<string, unknown>;
  session.setPermissionRequestHandler = () => {};
  session.setPermissionCheckHandler = () => {};
  session.setDevicePermissionHandler = () => {};
  session.webRequest = { onBeforeRequest: () => {}, onHeadersReceived: () => {} };
  return session;
}

describe('refuseDownloads', () => {
  it('cancels every download, whatever its name, and reports it without the name', () => {
    const session = new EventEmitter();
    const reports: string[] = [];
    refuseDownloads(session, (message) => reports.push(message));
    expect(startDownload(session, 'invoice.pdf.exe')).toBe(true);
    expect(startDownload(session, 'export.csv')).toBe(true);
    expect(reports).toHaveLength(2);
    expect(reports.join('\n')).not.toContain('invoice');
  });
});

describe('guardSession', () => {
  it('refuses downloads on the session it guards', () => {
    const session = fakeSession();
    expect(startDownload(session, 'before.exe')).toBe(false); // nothing refuses it yet
    guardSession(session as unknown as Session, undefined, () => true);
    expect(startDownload(session, 'after.exe')).toBe(true);
  });
});
