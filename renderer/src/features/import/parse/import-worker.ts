// The import worker: reads, parses and checks a file off the window's thread, so the window
// stays responsive however large the file. Started by import-parser.ts, one per import.
import { runImportJob } from './import-job.ts';
import type { ImportRequest, ImportWorkerMessage } from './import-protocol.ts';

// This file runs in a DedicatedWorkerGlobalScope; the project's DOM typings describe a window.
interface WorkerScope {
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
  postMessage(message: ImportWorkerMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  void runImportJob(event.data, (message) => scope.postMessage(message));
};
