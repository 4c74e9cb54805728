// Certificates as a TLS-inspecting company gateway has them: a root of its own (which a
// client trusts only once IT installs it) and a certificate for the server signed by it.
// Made with the openssl command line (node:crypto cannot make X.509 certificates), valid for
// 127.0.0.1 only and for a day, in a folder the caller removes.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  /** The root's certificate (PEM file): what NODE_EXTRA_CA_CERTS or an OS store would hold. */
  caCertPath: string;
  /** The server's key and certificate (PEM), for https.createServer. */
  key: string;
  cert: string;
}

/** Runs openssl with the words of `command`, then `args` (which may hold spaces). */
function openssl(command: string, ...args: string[]): void {
  execFileSync('openssl', [...command.split(' '), ...args], { stdio: 'pipe' });
}

export function makeTestCertificates(dir: string): TestCertificates {
  const file = (name: string) => join(dir, name);
  openssl(
    'req -x509 -newkey rsa:2048 -nodes -days 1',
    '-subj',
    '/CN=Linq test gateway root',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  );
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509 -req -days 1 -CAcreateserial',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  );
  return {
    caCertPath: file('ca.pem'),
    key: readFileSync(file('server.key'), 'utf8'),
    cert: readFileSync(file('server.pem'), 'utf8'),
  };
}
