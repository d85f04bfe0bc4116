/**
 * A child process of the desktop app (the device agent, the standby's copy keeper) prints one JSON
 * object a line: `{ at, level, message, …detail }`. Each goes to the app's log under the child's name,
 * at its level; a line that is not such an object goes as it is.
 */
import type { Logger } from '../hub/log';
import type { AgentProcessEvent } from '../workstation/agentProcess';

export function childLineLogger(name: string, log: Logger): (line: string) => void {
  return (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    const entry = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { message: line };
    const { level, message, at: _at, ...detail } = entry;
    const text = `${name}: ${typeof message === 'string' ? message : line}`;
    if (level === 'error') log.error(text, detail);
    else if (level === 'warn') log.warn(text, detail);
    else log.info(text, detail);
  };
}

/** The supervisor's own events about the child (workstation/agentProcess.ts), in the app's log. */
export function childEventLogger(name: string, log: Logger): (event: AgentProcessEvent) => void {
  return (e) => (e.kind === 'started' ? log.info(`${name} started`, { pid: e.pid }) : log.warn(`${name} ended`, { code: e.code, signal: e.signal, startingAgainInMs: e.again ? e.inMs : null }));
}
