// Which browser permissions the page may have: exactly one. "Copy number" and "Copy error
// report" write to the clipboard with navigator.clipboard.writeText, which Chromium gates behind
// 'clipboard-sanitized-write'; everything else (camera, notifications, reading the clipboard,
// geolocation, devices, …) is refused. Kept free of Electron imports so it can be unit-tested.

const GRANTED_TO_THE_APP = new Set(['clipboard-sanitized-write']);

export function createPermissionCheck(
  isTrustedUrl: (url: string) => boolean,
): (permission: string, requestingUrl: string | undefined) => boolean {
  return (permission, requestingUrl) =>
    GRANTED_TO_THE_APP.has(permission) &&
    requestingUrl !== undefined &&
    isTrustedUrl(requestingUrl);
}
