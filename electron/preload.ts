/**
 * The sandboxed preload: exposes `window.daftaryar` (the bridge, bridge.ts) and nothing else.
 * A sandboxed preload may require only 'electron', so this file and what it imports stay free
 * of Node modules and npm packages (scripts/build-node.mjs bundles it; preload.test.ts checks).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, createFirstRunBridge } from './bridge';
import { FIRST_RUN_ARG, shellFromArgv } from './shellArg';

const shell = shellFromArgv(process.argv);
if (process.argv.includes(FIRST_RUN_ARG)) {
  // the first-run window of a PC that is neither the hub nor joined yet: the choice, and joining
  contextBridge.exposeInMainWorld('daftaryarFirstRun', createFirstRunBridge(ipcRenderer));
} else if (shell) {
  contextBridge.exposeInMainWorld('daftaryar', createBridge(shell, ipcRenderer));
} else {
  // Only our windows get this preload, always with a shell; without one, expose nothing.
  console.error('daftaryar: this window was opened without a valid shell; the bridge is not available');
}
