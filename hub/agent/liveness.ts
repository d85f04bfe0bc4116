/**
 * The hub's own watch on a workstation agent's connection (docs/WORKSTATIONS.md § Liveness).
 *
 * The agent asks `health` every 15 s and reconnects when the hub is silent; this is the other side: a
 * connection the agent no longer answers on (its PC switched off, a cable pulled: nothing closes the
 * socket until TCP gives up, minutes later) must not count as connected. The hub pings the socket
 * (a WebSocket ping, answered by the agent's WebSocket library itself) every `everyMs`; when nothing —
 * no pong, no frame — arrives within `timeoutMs` of a ping, the socket is dropped, and the connection's
 * close takes the usual way out: the agent's subscription ends, `agent.changed` says it is away.
 * So an agent silent since time T is marked away by T + everyMs + timeoutMs at the latest.
 */

/** What the watch needs of a socket: `ws`'s WebSocket has it. */
export interface PingableSocket {
  ping(): void;
  terminate(): void;
  on(event: 'pong' | 'message', listener: () => void): unknown;
  off(event: 'pong' | 'message', listener: () => void): unknown;
}

export interface AgentLivenessTimes {
  /** a ping this long after the last one was answered */
  everyMs: number;
  /** no sign of life this long after a ping: the agent is gone */
  timeoutMs: number;
}

/** Production's: an agent that went silent is marked away within 20 s. */
export const AGENT_LIVENESS: Readonly<AgentLivenessTimes> = Object.freeze({ everyMs: 10_000, timeoutMs: 10_000 });

/** Watches `socket` until the returned function is called (the connection closed) or it is dropped for silence. */
export function watchAgentLiveness(socket: PingableSocket, times: AgentLivenessTimes, onSilent?: () => void): () => void {
  let pingTimer: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearTimeout(pingTimer);
    clearTimeout(deadline);
    socket.off('pong', heard);
    socket.off('message', heard);
  };
  const schedule = () => {
    pingTimer = setTimeout(() => {
      if (stopped) return;
      try {
        socket.ping();
      } catch {
        // a socket already closing: its close ends the watch
      }
      deadline = setTimeout(() => {
        if (stopped) return;
        stop();
        onSilent?.();
        socket.terminate();
      }, times.timeoutMs);
    }, times.everyMs);
  };
  // any sign of life answers the ping in flight; the next one goes `everyMs` later
  function heard(): void {
    if (stopped || deadline === undefined) return;
    clearTimeout(deadline);
    deadline = undefined;
    schedule();
  }
  socket.on('pong', heard);
  socket.on('message', heard);
  schedule();
  return stop;
}
