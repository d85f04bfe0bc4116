/** The hub's clock: screens show hub time and notice a lost link. */
import { z } from 'zod';
import type { EventDef } from './contract-types';
import { event } from './define';
import * as s from './schemas';

export const clockEvents = {
  clock: event({
    summary: "The hub's clock, every few seconds: screens show hub time and notice a lost link.",
    access: 'public',
    payload: z.object({ now: s.isoInstant }),
  }),
} satisfies Record<string, EventDef>;
