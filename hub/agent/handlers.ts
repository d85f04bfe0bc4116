/** The `agent.*` procedures (core/api/agent.ts): the agent's own calls, and the staff's views of workstations. */
import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';


export const agentHandlers: HandlerGroup<'agent'> = (hub: HubServices) => ({
  'agent.hello': (input, ctx) => hub.agents.hello(input, ctx),
  'agent.jobDone': (input, ctx) => hub.agents.jobDone(input, ctx),
  'agent.workstations': (_input, ctx) => ({ workstations: hub.agents.workstations(), self: ctx.lan?.deviceId != null && (ctx.lan.kind === 'counter' || ctx.lan.kind === 'kiosk') ? ctx.lan.deviceId : null }),
  'agent.choose': ({ deviceId, type, id }) => hub.agents.choose(deviceId, type, id),
  'agent.job': ({ jobId }) => hub.agents.job(jobId),
});
