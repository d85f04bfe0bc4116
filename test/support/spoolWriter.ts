/**
 * A child process for the spool's crash test (workstation/agent/spool.test.ts): spools pages into
 * `<dataDir>` one after another, printing `spooled <seq> <sha256>` once each is durably in place, until
 * it is killed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Spool } from '../../workstation/agent/spool';

const dataDir = process.argv[2]!;
const jobId = process.argv[3]!;
const spool = Spool.open(dataDir);
await spool.saveJob({ kind: 'scan', jobId, device: 'sane:test:0', settings: { source: 'adf', dpi: 150, colorMode: 'grey' }, firstOnly: false, nextSeq: 0 }, null);
for (let seq = 0; ; seq++) {
  const data = randomBytes(200_000 + ((seq * 7919) % 50_000));
  await spool.putPage(jobId, seq, { data, mime: 'image/png', dpi: 150 });
  process.stdout.write(`spooled ${seq} ${createHash('sha256').update(data).digest('hex')}\n`);
}
