// `npm run fake-linq [-- --port N --key K]`: a fake Linq to point the app at by hand.
import { parseArgs } from 'node:util';
import { DEFAULT_TEST_API_KEY, startFakeLinq } from './server.ts';
import type { ContactCard } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    key: { type: 'string', default: DEFAULT_TEST_API_KEY },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

// One line already has a card, so a setup attempt there shows the 409 "already exists" path.
const seeded: ContactCard[] = [
  {
    phone_number: '+14155550133',
    first_name: 'Acme',
    last_name: 'Support',
    is_active: true,
  },
];

const fake = await startFakeLinq({
  port,
  apiKey: values.key,
  initialCards: seeded,
  onRequest: (entry) =>
    console.log(`${entry.method} ${entry.path} -> ${entry.status ?? entry.outcome}`),
});

const lines = fake.phoneNumbers.map((line) => {
  const card = fake.cards.get(line.phone_number);
  return card
    ? `  ${line.phone_number}  has a card ("${card.first_name}"): setup answers 409, use update`
    : `  ${line.phone_number}  no card yet`;
});

console.log(`Fake Linq API listening (loopback only).

Base URL (put it in the app's settings):  ${fake.baseUrl}
API key:                                   ${fake.apiKey}

The account's phone lines:
${lines.join('\n')}

Control (no auth), e.g. curl -X POST ${fake.origin}/__fake/fail-next -d '{"status":500}':
  POST /__fake/reset               back to the state above
  POST /__fake/fail-next           {"count":1,"status":429,"code":1007,"retryAfterSeconds":30}
  POST /__fake/offline-for         {"ms":10000}
  POST /__fake/latency             {"ms":3000}
  POST /__fake/card-activation     {"state":"inactive"}
  POST /__fake/inactive-next       {"count":1,"method":"POST","activateAfterMs":5000}
  POST /__fake/hide-inactive-cards {"hide":true}
  POST /__fake/write-budget        {"limit":3,"windowMs":600000}  (or {"off":true})
  POST /__fake/limit-upstream      {"phoneNumber":"+14155550132","holdMs":60000}
  GET  /__fake/ledger              applied changes, the request log, write-limit counters

Press Ctrl+C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
