import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes which source files went into which chunk to dist/meta/renderer-chunks.json, for the bundle check
 * (scripts/check-bundles.ts: no test module ships). Only for `npm run build`'s own output folder, and
 * outside dist/renderer so the web server never serves it.
 */
function bundleMeta(): Plugin {
  let repo = '';
  let outDir = '';
  return {
    name: 'daftaryar-bundle-meta',
    apply: 'build',
    configResolved(config) {
      repo = path.resolve(config.root, '..');
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      if (outDir !== path.join(repo, 'dist', 'renderer')) return;
      mkdirSync(path.join(repo, 'dist', 'meta'), { recursive: true });
      const chunks = Object.values(bundle).flatMap((c) =>
        c.type === 'chunk' ? [{ type: c.type, fileName: c.fileName, isEntry: c.isEntry, facadeModuleId: c.facadeModuleId, moduleIds: c.moduleIds, imports: c.imports, dynamicImports: c.dynamicImports }] : [],
      );
      writeFileSync(path.join(repo, 'dist', 'meta', 'renderer-chunks.json'), JSON.stringify({ root: repo, chunks }));
    },
  };
}

// The renderer: one index.html for every screen (/counter, /kiosk, /board, /manager,
// /applicant), served by the hub in web mode and by the app:// protocol in Electron.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), bundleMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // no inline assets: the CSP allows fonts and images from 'self' (and data: for images only)
    assetsInlineLimit: 0,
    // One app for every screen, loaded from this PC or the office LAN, never over the internet: the
    // libraries go in chunks of their own (cached apart from our code, which changes more often),
    // so no chunk passes the warning's 500 kB and the start-up log stays quiet. Our own code is split
    // the same way: the shared core (the contract's schemas, fees, formats) and the Persian text apart
    // from the screens.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
            { name: 'core', test: /[\\/]core[\\/]/ },
            { name: 'i18n', test: /[\\/]renderer[\\/]i18n[\\/]/ },
          ],
        },
      },
    },
  },
});
