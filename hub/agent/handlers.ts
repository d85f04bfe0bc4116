/** The `agent.*` procedures (core/api/agent.ts): the agent's own calls, and the staff's views of workstations. */
import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';


export const agentHandlers: HandlerGroup<'agent'> = (hub: HubServices) => ({
  'agent.hello': (input, ctx) => hub.agents.hello(input, ctx),
  'agent.jobDone': (input, ctx) => hub.agents.jobDone(input, ctx),
  'agent.workstations': () => ({ workstations: hub.agents.workstations() }),
  'agent.job': ({ jobId }) => hub.agents.job(jobId),
});
