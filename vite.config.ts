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
  },
});
