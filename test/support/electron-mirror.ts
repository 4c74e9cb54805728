// A stand-in for Electron's release site on loopback, laid out as ELECTRON_MIRROR expects
// (<mirror>v<version>/<file>): the runtime zip for this platform, holding a stand-in `electron`
// executable that records how it was started instead of opening a window, and SHASUMS256.txt.
// Every request is recorded, so a test can tell a fetch from a start that fetched nothing.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createZip } from './zip-file.ts';

/** The variable the stand-in appends its launch record to. */
export const LAUNCH_RECORD_ENV = 'STAND_IN_ELECTRON_RECORD';

// One block per launch: its working folder, each argument, and the dev server it was given.
const STAND_IN_EXECUTABLE = `#!/bin/sh
{
  printf 'launch\\n'
  printf 'cwd=%s\\n' "$PWD"
  for argument in "$@"; do printf 'arg=%s\\n' "$argument"; done
  printf 'renderer=%s\\n' "\${ELECTRON_RENDERER_URL:-}"
} >> "$${LAUNCH_RECORD_ENV}"
`;

export interface Launch {
  cwd: string;
  args: string[];
  rendererUrl: string;
}

export function parseLaunchRecord(text: string): Launch[] {
  const launches: Launch[] = [];
  for (const line of text.split('\n')) {
    const current = launches.at(-1);
    if (line === 'launch') launches.push({ cwd: '', args: [], rendererUrl: '' });
    else if (current && line.startsWith('cwd=')) current.cwd = line.slice(4);
    else if (current && line.startsWith('arg=')) current.args.push(line.slice(4));
    else if (current && line.startsWith('renderer=')) current.rendererUrl = line.slice(9);
  }
  return launches;
}

export interface ElectronMirror {
  /** The ELECTRON_MIRROR value (ends with a slash). */
  readonly url: string;
  readonly artifactName: string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  /** Serve a zip whose bytes differ from what SHASUMS256.txt says (a tampered download). */
  tamper(on: boolean): void;
  close(): Promise<void>;
}

export async function startElectronMirror(options: {
  version: string;
  platform: string;
  arch: string;
}): Promise<ElectronMirror> {
  const artifactName = `electron-v${options.version}-${options.platform}-${options.arch}.zip`;
  const zip = createZip([
    { name: 'electron', data: STAND_IN_EXECUTABLE, mode: 0o755 },
    { name: 'version', data: `v${options.version}` },
  ]);
  const tampered = createZip([
    { name: 'electron', data: `${STAND_IN_EXECUTABLE}# changed on the way\n`, mode: 0o755 },
    { name: 'version', data: `v${options.version}` },
  ]);
  const sha256 = createHash('sha256').update(zip).digest('hex');
  const shasums = `${sha256} *${artifactName}\n`;
  const requests: string[] = [];
  let tamper = false;

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://mirror').pathname;
    requests.push(path);
    const prefix = `/v${options.version}/`;
    if (path === `${prefix}${artifactName}`) {
      const body = tamper ? tampered : zip;
      response.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': body.length,
      });
      response.end(body);
    } else if (path === `${prefix}SHASUMS256.txt`) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(shasums);
    } else {
      response.writeHead(404).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    artifactName,
    requests,
    tamper(on) {
      tamper = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
