/** Short external commands (stty, lp, lpstat, PowerShell) with a bound on time and output. */
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** the exit code; -1 when it could not start or was killed */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Spawner = (cmd: string, args: readonly string[], timeoutMs: number, input?: Uint8Array, env?: NodeJS.ProcessEnv) => Promise<CommandResult>;

/** Runs a short command with a bound; never rejects. */
export const run: Spawner = (cmd, args, timeoutMs, input, env) => {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      stderr += `\n${cmd} did not finish within ${timeoutMs} ms`;
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-64 * 1024)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-16 * 1024)));
    child.stdin.on('error', () => undefined);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input);
  });
};
