import { SadadSimulator } from './sadadSimulator';

/**
 * A card terminal for demos without one: Sadad's PcPos REST service simulated on 127.0.0.1:`port`
 * (0 = any free port). Every sale is approved after a short pause, as if a customer tapped a card;
 * the terminal id, card number and RRNs are made up. Loaded only by `npm start -- --demo-terminal`.
 */
export async function startDemoTerminal(port: number): Promise<{ url: string; close(): Promise<void> }> {
  const simulator = await new SadadSimulator({ terminalId: 'DEMO0001', defaultBehaviour: { kind: 'approveAfterDelay', delayMs: 1500 } }).start(port);
  return { url: simulator.baseUrl, close: () => simulator.stop() };
}
