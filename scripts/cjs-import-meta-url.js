// Injected into the CommonJS bundles by build-node.mjs: `import.meta.url` for code that needs its own
// location (native/image/pool.ts finds its worker beside it).
export const import_meta_url = require('node:url').pathToFileURL(__filename).href;
