/**
 * `npm run restore -- --from <target> [--generation <id>] --to <data folder> --key-file <office.key>`:
 * a backup generation into an empty data folder (hub/backup/restore.ts; docs/BACKUP.md).
 * `npm run restore -- --from <target> --list [--key-file <office.key>]` lists the generations, newest
 * first, with their Jalali date and — given the key — whether each verifies.
 * Messages are the app's own Persian sentences (renderer/i18n/fa.ts). Exit 0 done, 1 refused, 2 usage.
 */
import path from 'node:path';
import { toPersianDigits } from '../core/text/digits';
import { readKeyFile } from '../hub/keys/keyFile';
import { listBackupGenerations, restoreBackup, RestoreError } from '../hub/backup/restore';
import { fa } from '../renderer/i18n/fa';
import { problemFa } from './restoreMessages';

const USAGE = 'usage: npm run restore -- --from <backup folder> [--generation <id>] --to <empty data folder> --key-file <office.key>\n       npm run restore -- --from <backup folder> --list [--key-file <office.key>]';

function args(argv: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected ${a}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out.set(a.slice(2), true);
    else {
      out.set(a.slice(2), next);
      i++;
    }
  }
  return out;
}

const stateFa = { verified: 'سالم (وارسی شد)', incomplete: 'نیمه‌کاره', damaged: 'آسیب‌دیده', wrongKey: 'کلید نمی‌خواند', notChecked: 'وارسی نشده (کلید داده نشد)' } as const;
const kindFa = { hourly: 'ساعتی', daily: 'پایان روز', monthly: 'ماهانه', manual: 'دستی' } as const;

async function main(): Promise<number> {
  let a: Map<string, string | true>;
  try {
    a = args(process.argv.slice(2));
  } catch {
    console.error(USAGE);
    return 2;
  }
  const from = a.get('from');
  const keyFile = a.get('key-file');
  if (typeof from !== 'string') {
    console.error(USAGE);
    return 2;
  }
  const key = typeof keyFile === 'string' ? readKeyFile(path.resolve(keyFile)) : null;
  if (a.get('list') === true) {
    const gens = await listBackupGenerations(path.resolve(from), key);
    if (gens.length === 0) console.log(fa.errors.BACKUP_NONE);
    for (const g of gens) {
      const when = g.createdAtFa ?? '—';
      const kind = g.kind ? kindFa[g.kind] : '—';
      console.log(`${g.id}  ${when}  ${kind}  ${toPersianDigits(String(g.pages))} پرونده  ${toPersianDigits((g.bytes / 1e6).toFixed(1))} مگابایت  ${stateFa[g.state]}${g.problem ? `  — ${problemFa(g.problem as RestoreError['code'], g.detail)}` : ''}`);
    }
    return 0;
  }
  const to = a.get('to');
  if (typeof to !== 'string' || !key) {
    console.error(USAGE);
    return 2;
  }
  const generation = a.get('generation');
  try {
    const r = await restoreBackup({ from: path.resolve(from), to: path.resolve(to), key, generation: typeof generation === 'string' ? generation : undefined });
    console.log(JSON.stringify(r));
    console.log(`بازیابی انجام شد: پشتیبان ${r.generation} با ${toPersianDigits(String(r.pages))} پرونده در ${path.resolve(to)}. اکنون برنامه را با همین پوشهٔ داده اجرا کنید.`);
    return 0;
  } catch (err) {
    if (err instanceof RestoreError) {
      console.error(problemFa(err.code, err.detail));
      console.error(`(${err.code}: ${err.message})`);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(fa.errors.BACKUP_FAILED);
    console.error(String(err instanceof Error ? err.stack : err));
    process.exitCode = 1;
  },
);
