// A log that writes nowhere, for tests that have no log folder.
import type { Log } from '../../electron/services/log/logger.ts';

export const SILENT_LOG: Log = { info() {}, warn() {}, error() {} };
