/** Loopback ports for tests: one free right now, and a hub address nobody answers at. */
import net from 'node:net';

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A hub's WebSocket address on a loopback port just freed: connecting there is refused (a dead hub PC). */
export async function deadHubUrl(): Promise<string> {
  return `wss://127.0.0.1:${await freePort()}/api/ws`;
}
