// The page may start no download. Without this, an <a download> pointing at a blob: URL of the
// page's own making opens a native save dialog with a file name and content the page chose,
// which a compromised page could use to plant a file where the user saves it. The app writes
// its own files (the export) from main after main's own save dialog, never as a download.
// No Electron imports: the wiring takes anything with on('will-download'), so a unit test can
// hand it a fake session.

/** The part of Electron's Session (and DownloadItem) this module uses. */
export interface DownloadEmitter {
  on(
    event: 'will-download',
    listener: (event: { preventDefault(): void }, item: { getFilename(): string }) => void,
  ): unknown;
}

/** Cancels every download the session's pages start, and says so in the console. */
export function refuseDownloads(
  session: DownloadEmitter,
  report: (message: string) => void = console.warn,
): void {
  session.on('will-download', (event) => {
    event.preventDefault();
    // Not the file name: the page chose it, and it could say anything.
    report('Refused a download the page started.');
  });
}
