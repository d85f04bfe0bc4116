/**
 * Workstation B's own devices for the multi-host test, run inside B's namespace on B's loopback (so
 * nothing outside B can reach them): an ESC/POS receipt printer (test/support/fakePrinter.ts) and the
 * Sadad PC-POS service simulator. Prints one JSON line when listening, and on `report` (stdin) what
 * each received: each print job's bytes (size, the bytes up to its first ESC @) and images decoded from them (size, lines of
 * ink), the sales, searches and charges.
 */
import readline from 'node:readline';
import { FakeEscPosPrinter, inkBands } from '../support/fakePrinter';
import { SadadSimulator } from '../support/sadadSimulator';

const [printerPort, sadadPort] = process.argv.slice(2).map(Number) as [number, number];
const printer = await new FakeEscPosPrinter().start(printerPort);
const sim = await new SadadSimulator().start(sadadPort);
process.stdout.write(`${JSON.stringify({ ready: true, printerPort: printer.port, sadadPort: sim.port, terminalId: sim.terminalId })}\n`);
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  process.stdout.write(
    `${JSON.stringify({ report: true, jobs: printer.jobs().map((j) => ({ bytes: j.length, head: Buffer.from(j.subarray(0, Buffer.from(j).indexOf(Buffer.of(0x1b, 0x40)) + 2)).toString('hex') })), printed: printer.printed().map((r) => ({ width: r.width, height: r.height, inkLines: inkBands(r).length })), sales: sim.sales.length, searches: sim.searches.length, charges: sim.charges.map((c) => ({ orderId: c.orderId, amountRials: c.amountRials, rrn: c.rrn })) })}\n`,
  );
});
