/**
 * Workstation B's own devices for the multi-host test, run inside B's namespace on B's loopback (so
 * nothing outside B can reach them): an ESC/POS receipt printer (test/support/fakePrinter.ts) and the
 * Sadad PC-POS service simulator. Prints one JSON line when listening, and on `report` (stdin) what
 * each received: the print jobs' sizes and the text they carry, the sales, searches and charges.
 */
import readline from 'node:readline';
import { FakeEscPosPrinter } from '../support/fakePrinter';
import { SadadSimulator } from '../support/sadadSimulator';

const [printerPort, sadadPort] = process.argv.slice(2).map(Number) as [number, number];
const printer = await new FakeEscPosPrinter().start(printerPort);
const sim = await new SadadSimulator().start(sadadPort);
process.stdout.write(`${JSON.stringify({ ready: true, printerPort: printer.port, sadadPort: sim.port, terminalId: sim.terminalId })}\n`);
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  process.stdout.write(
    `${JSON.stringify({ report: true, printed: printer.printed().map((r) => ({ width: r.width, height: r.height })), sales: sim.sales.length, searches: sim.searches.length, charges: sim.charges.map((c) => ({ orderId: c.orderId, amountRials: c.amountRials, rrn: c.rrn })) })}\n`,
  );
});
