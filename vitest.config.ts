import { defineConfig } from 'vitest/config';

// Suites that kill processes, cut links or race a hub on purpose measure time against a deadline:
// they run after everything else, one file at a time, so nothing else competes for the CPU meanwhile.
const SERIAL = [
  'test/faults/**/*.test.ts',
  'test/multihost/**/*.test.ts',
  'test/backup/faults.test.ts',
  'test/unit/queueRace.test.ts',
  'test/unit/queueCrash.test.ts',
];

// The rest runs two files at a time. Vitest's own default is one fewer worker than there are CPUs,
// which on a two-core machine is a single worker; most of these files wait on sockets, timers and
// child processes rather than compute, so a second worker nearly halves the wall time.
const PARALLEL_WORKERS = 2;

// Two environments: Node for every Node-side layer and core; happy-dom for React components.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['{core,db,native,hub,electron,central,scripts,workstation,test/unit,test/security,test/support,test/backup}/**/*.test.ts'],
          exclude: SERIAL,
          testTimeout: 20_000,
          maxWorkers: PARALLEL_WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup-dom.ts'],
          maxWorkers: PARALLEL_WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'serial',
          environment: 'node',
          include: SERIAL,
          testTimeout: 20_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
