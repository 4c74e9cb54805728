// What the fetch observer (fetch-observer.ts) tells the start script about each request of
// Electron's installer, one JSON line per request on the installer's stderr.

export const OBSERVATION_PREFIX = '[electron-runtime-fetch] ';

export type FetchObservation =
  { url: string; status: number } | { url: string; codes: string[]; messages: string[] };

/** Splits the installer's stderr into the observer's lines and everything else. */
export function readInstallerOutput(stderr: string): {
  observations: FetchObservation[];
  otherLines: string[];
} {
  const observations: FetchObservation[] = [];
  const otherLines: string[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    if (line.startsWith(OBSERVATION_PREFIX)) {
      try {
        observations.push(JSON.parse(line.slice(OBSERVATION_PREFIX.length)) as FetchObservation);
      } catch {
        otherLines.push(line);
      }
    } else if (line.trim() !== '') {
      otherLines.push(line);
    }
  }
  return { observations, otherLines };
}
