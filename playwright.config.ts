import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4799);

// End-to-end tests drive the real UI in Debian's Chromium against web mode (the Electron
// binary can't be downloaded on build machines). `npm run build` must have run first.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A whole walk on a loaded two-core machine: clicks there take seconds, not milliseconds.
  timeout: 120_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `node test/e2e/serve.mjs ${PORT}`,
    url: `http://127.0.0.1:${PORT}/counter`,
    timeout: 30_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
