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
    'it is out of date. The hub decides who may call each procedure by this table (`hub/rpc/dispatch.ts`), before it reads',
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
    '## Beyond the table',
    '',
    'Two rules narrow a ✓ further (docs/SECURITY.md § One kind of caller per connection):',
    '',
    '- **One kind of caller per connection.** A connection (a tab\'s WebSocket, a window\'s IPC) carries staff or one',
    '  kind of screen for its whole life. `auth.login` on a connection that carried a screen, `auth.deviceLogin` on one',
    '  that carried staff or another screen, and any session of another kind sent on it are refused',
    '  (`CONNECTION_OTHER_ROLE`, audited as `connectionRefused`). A desktop window opened for a screen carries that',
    '  screen from the start.',
    '- **An applicant screen faces one counter**, named when its session is opened (`auth.deviceLogin` `counterId`).',
    '  `applicantScreen.view`, `.page`, `.review` and `.sanaConsent` from an applicant session act on that counter only',
    '  (`SCREEN_OTHER_COUNTER`; a refused answer is audited as `applicantScreenRefused`), and an answer counts only for',
    '  the request the screen showed (`requestId`; else `SCREEN_OUTDATED`).',
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('accessDoc.ts')) process.stdout.write(accessDoc());
