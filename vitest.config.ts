import { defineConfig } from 'vitest/config';

// Two environments: Node for every Node-side layer and core; happy-dom for React components.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['{core,db,native,hub,electron,central,scripts,workstation,test/unit,test/security,test/support,test/faults,test/multihost,test/backup}/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup-dom.ts'],
        },
      },
    ],
  },
});
