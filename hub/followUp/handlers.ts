import type { HandlerGroup } from '../handlers/types';
import type { HubServices } from '../services';
import { staffOf } from '../handlers/guards';
import { returnedList, startFollowUp } from './followUps';

export const followUpHandlers: HandlerGroup<'followUp'> = (hub: HubServices) => ({
  'followUp.returned': () => ({ items: returnedList(hub) }),
  'followUp.start': (input, ctx) => {
    const id = startFollowUp(hub, hub.requests, input, staffOf(ctx));
    hub.requests.changed(id);
    return hub.requests.view(id);
  },
});
