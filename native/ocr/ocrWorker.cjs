'use strict';
/**
 * The tesseract.js worker thread, our way (tesseract.js's own node script plus four changes):
 *
 * 1. Low priority: on Linux, setpriority(PRIO_PROCESS, 0, …) acts on the calling *thread*, so
 *    `os.setPriority(0, 19)` here lowers this OCR thread only, never the counter's main thread.
 *    (macOS and Windows apply it to the whole process or refuse: there we leave it alone.)
 * 2. No network: `fetch` refuses. tesseract.js reaches for a CDN when a language is not found
 *    locally; here that is an error, never a download.
 * 3. Each language from its own npm package: `langPath` is the `@tesseract.js-data` folder and
 *    `<langPath>/<code>.traineddata.gz` is read from `<langPath>/<code>/4.0.0_best_int/`.
 *    (tesseract.js takes one langPath for all languages, and its `{code, data}` form is broken in
 *    v7: initialize joins `data` instead of `code`.)
 * 4. Quiet: tesseract's own messages («Warning: Invalid resolution 25 dpi. Using 70 instead.»,
 *    «Empty page!!», …) go nowhere instead of the hub's console: a page tesseract cannot read fails
 *    its job, which the capture pipeline reports; the rest is noise in an office's start-up log.
 *
 * Plain CommonJS on purpose: Node's Worker runs it directly, with no TypeScript loader.
 */
const os = require('node:os');
const fs = require('node:fs/promises');
const path = require('node:path');
const { parentPort } = require('node:worker_threads');
const worker = require('tesseract.js/src/worker-script');
const getCore = require('tesseract.js/src/worker-script/node/getCore');
const gunzip = require('tesseract.js/src/worker-script/node/gunzip');

if (process.platform === 'linux') {
  try {
    os.setPriority(0, os.constants.priority.PRIORITY_LOW);
  } catch {
    // not allowed here (seccomp, container): OCR still works at normal priority
  }
}

const MODEL_DIR = '4.0.0_best_int';

/** `<scope>/<code>.traineddata.gz` → `<scope>/<code>/4.0.0_best_int/<code>.traineddata.gz` */
function packagePath(file) {
  const m = /^([a-z_]+)\.traineddata(\.gz)?$/.exec(path.basename(file));
  return m ? path.join(path.dirname(file), m[1], MODEL_DIR, path.basename(file)) : file;
}

parentPort.on('message', (packet) => {
  worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj));
});

/** The tesseract core with its stdout and stderr (emscripten's print and printErr) silenced. */
async function quietCore(...args) {
  const Core = await getCore(...args);
  return (moduleOptions) => Core({ ...moduleOptions, print: () => {}, printErr: () => {} });
}

worker.setAdapter({
  getCore: quietCore,
  gunzip,
  fetch: (url) => Promise.reject(new Error(`OCR worker: network access refused (${String(url)})`)),
  readCache: (file) => fs.readFile(packagePath(file)),
  writeCache: () => Promise.resolve(),
  deleteCache: () => Promise.resolve(),
  checkCache: () => Promise.resolve(false),
});
