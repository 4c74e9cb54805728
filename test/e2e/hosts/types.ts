import type { Page } from 'playwright-core';
import type { AppError } from '../../../shared/errors.schema.ts';

export interface HostSetup {
  dataDir: string;
  apiBaseUrl: string;
  keychainService: string;
  requestTimeoutMs?: number;
  colorScheme?: 'light' | 'dark';
  /** Extra environment for the main side. */
  mainEnv?: Record<string, string>;
}

/** What crossed from the main side to the page: a contract call's answer, or an event. */
export type TrafficEntry =
  | { kind: 'answer'; name: string; result: unknown }
  | { kind: 'event'; name: string; payload: unknown };

/** The app under test, whichever host runs it. */
export interface AppHost {
  kind: 'browser' | 'electron';
  page: Page;
  /** Ends the main side like a crash and starts it again on the same data, then reloads. */
  restartMain(): Promise<void>;
  killMain(): Promise<void>;
  mainOutput(): string;
  /**
   * Starts recording everything the main side hands the page (every call's answer, every
   * event) and returns the live record; later calls return the same one. Off unless asked
   * for. Only the browser host has it: there the traffic passes through the test process.
   */
  recordTraffic?(): TrafficEntry[];
  /**
   * The next call of `name` is answered with this error instead of reaching the main side: for
   * the page's handling of failures main itself almost never has (an IPC hiccup, a bug). Only
   * the browser host has it, for the same reason.
   */
  failNextCall?(name: string, error: AppError): void;
  /**
   * Sets the proxy of main's default session (session.setProxy), whose network stack the
   * services' requests go through. Only the Electron host has it: the browser host's services
   * run in Node, which takes its proxy from the environment (HostSetup.mainEnv).
   */
  setMainProxy?(config: { proxyRules: string; proxyBypassRules?: string }): Promise<void>;
  /**
   * What the user picks the next times main's open dialog shows (a spreadsheet to import, a
   * folder of images): this path, or null for a cancel. Electron's dialog is replaced in main;
   * the headless host reads the answer from a file.
   */
  answerOpenDialog(path: string | null): Promise<void>;
  close(): Promise<void>;
}
