/**
 * A child process that prints one JSON line per event (the hub, agents and device simulators of the
 * multi-host tests): its lines kept as they come, and a wait for the first line a test is after.
 */
import type { ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface Proc {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  /** resolves with the first line (already seen or to come) that `match` accepts */
  waitFor(match: (line: Record<string, unknown>) => boolean, timeoutMs: number, what: string): Promise<Record<string, unknown>>;
  stderr: string[];
}

export function watch(child: ChildProcess): Proc {
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const stderr: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      lines.push({ text });
    }
    for (const w of waiters) w();
  });
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  return {
    child,
    lines,
    stderr,
    waitFor(match, timeoutMs, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          child.off('exit', exited);
          resolve(found);
        };
        const exited = () => {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`the process ended while waiting for ${what}: ${stderr.join('').slice(-2000)}`));
        };
        child.once('exit', exited);
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; last lines: ${JSON.stringify(lines.slice(-5))} ${stderr.join('').slice(-2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
