import type { Page } from 'playwright-core';

export interface HostSetup {
  dataDir: string;
  apiBaseUrl: string;
  keychainService: string;
  requestTimeoutMs?: number;
  colorScheme?: 'light' | 'dark';
  /** Extra environment for the main side. */
  mainEnv?: Record<string, string>;
}

/** The app under test, whichever host runs it. */
export interface AppHost {
  kind: 'browser' | 'electron';
  page: Page;
  /** Ends the main side like a crash and starts it again on the same data, then reloads. */
  restartMain(): Promise<void>;
  killMain(): Promise<void>;
  mainOutput(): string;
  close(): Promise<void>;
}
