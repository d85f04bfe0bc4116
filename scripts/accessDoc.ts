/**
 * docs/ACCESS.md from the contract: who may call each procedure and hear each event. The hub
 * enforces exactly this (test/security/accessMatrix.test.ts calls every cell); the doc is checked
 * against the contract by test/security/accessDoc.test.ts, so it cannot drift.
 *
 *   npx tsx scripts/accessDoc.ts > docs/ACCESS.md
 */
import { events, procedures } from '../core/api/contract';
import type { Access } from '../core/api/contract-types';
import { allRoles } from '../core/roles';

const columns = ['anonymous', ...allRoles] as const;

function row(name: string, access: Access): string {
  const cells = columns.map((c) => (access === 'public' || (c !== 'anonymous' && (access as readonly string[]).includes(c)) ? '✓' : ''));
  return `| \`${name}\` | ${cells.join(' | ')} |`;
}

export function accessDoc(): string {
  const head = `| | ${columns.join(' | ')} |\n|---|${columns.map(() => ':-:').join('|')}|`;
  const procs = Object.entries(procedures)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, def]) => row(name, def.access));
  const evts = Object.entries(events)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, def]) => row(name, def.access));
  return [
    '# Who may call what',
    '',
    'Generated from the contract (`core/api/`) by `npx tsx scripts/accessDoc.ts > docs/ACCESS.md`; a test fails when',
    'it is out of date. The hub decides every call by this table alone (`hub/rpc/dispatch.ts`), before it reads',
    'the input; `test/security/accessMatrix.test.ts` calls every procedure as every caller and checks the answer.',
    '`anonymous` is a call without a session; kiosk, board and applicant are device sessions.',
    '',
    '## Procedures',
    '',
    head,
    ...procs,
    '',
    '## Events',
    '',
    head,
    ...evts,
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('accessDoc.ts')) process.stdout.write(accessDoc());
