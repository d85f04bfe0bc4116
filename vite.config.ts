import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one index.html for every screen (/counter, /kiosk, /board, /manager,
// /applicant), served by the hub in web mode and by the app:// protocol in Electron.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // no inline assets: the CSP allows fonts and images from 'self' (and data: for images only)
    assetsInlineLimit: 0,
    // One app for every screen, loaded from this PC or the office LAN, never over the internet: the
    // libraries go in chunks of their own (cached apart from our code, which changes more often),
    // so no chunk passes the warning's 500 kB and the start-up log stays quiet.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
