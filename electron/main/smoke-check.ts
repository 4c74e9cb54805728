// The hosted runners' proof that the README's start command opens a working app: started with
// LINQ_SMOKE_CHECK=1 (development and test builds only, like every LINQ_ variable), main waits
// until the window shows the app's first screen, says which on stdout, and quits through the
// one shutdown; if the screen does not come (or says the app could not start), it says why and
// quits with exit code 1. No Electron imports: the page is anything that can evaluate a script.

export const SMOKE_CHECK_ENV = 'LINQ_SMOKE_CHECK';

/** What FIRST_SCREEN_PROBE answers, evaluated in the app's page. */
export interface FirstScreen {
  /** The app's own shell is drawn (header, screens, status bar), past the start-up screen. */
  shown: boolean;
  /** The current screen's heading, e.g. "Set up a contact card". */
  heading: string | null;
  /** The start-up screen's failure heading, when the app could not start. */
  failed: string | null;
}

/** Evaluated in the page; plain DOM reads, nothing the page could be changed by. */
export const FIRST_SCREEN_PROBE = `(() => {
  const shell = document.querySelector('main.app-main');
  const failure = document.querySelector('main.startup:not([aria-busy])');
  return {
    shown: shell !== null,
    heading: shell?.querySelector('h2.view-title')?.textContent?.trim() || null,
    failed: failure
      ? [failure.querySelector('h1'), failure.querySelector('p')]
          .map((element) => element?.textContent?.trim())
          .filter(Boolean)
          .join(': ') || 'the start-up screen'
      : null,
  };
})()`;

export type SmokeOutcome = { ok: true; heading: string } | { ok: false; reason: string };

export interface SmokeCheckOptions {
  evaluate: (script: string) => Promise<unknown>;
  timeoutMs?: number;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

function readScreen(value: unknown): FirstScreen | null {
  if (typeof value !== 'object' || value === null) return null;
  const { shown, heading, failed } = value as Record<string, unknown>;
  return {
    shown: shown === true,
    heading: typeof heading === 'string' ? heading : null,
    failed: typeof failed === 'string' ? failed : null,
  };
}

/** Polls the page until its first screen is drawn with a heading, it fails, or time runs out. */
export async function waitForFirstScreen(options: SmokeCheckOptions): Promise<SmokeOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((done) => setTimeout(done, ms)));
  const deadline = now() + (options.timeoutMs ?? 60_000);
  let lastError: string;
  for (;;) {
    try {
      const screen = readScreen(await options.evaluate(FIRST_SCREEN_PROBE));
      if (screen?.failed) return { ok: false, reason: `the app showed "${screen.failed}"` };
      if (screen?.shown && screen.heading) return { ok: true, heading: screen.heading };
      lastError = 'the first screen was not drawn';
    } catch {
      lastError = 'the page could not be read (not loaded yet?)';
    }
    if (now() >= deadline) return { ok: false, reason: `${lastError} in time` };
    await sleep(options.intervalMs ?? 250);
  }
}

/** The line the hosted workflow looks for. */
export function smokeReport(outcome: SmokeOutcome): string {
  return outcome.ok
    ? `Smoke check passed: the first screen ("${outcome.heading}") is showing; quitting.`
    : `Smoke check failed: ${outcome.reason}; quitting.`;
}
