/**
 * The queue's procedures and events (ماده ۳۴ الف, ۳۵ پ, ۴۷ پ). Public screens (kiosk, board) get
 * only what carries no personal data: numbers, services, counters, counts.
 */
import { z } from 'zod';
import type { EventDef, ProcedureDef } from './contract-types';
import { event, procedure } from './define';
import { staffRoles as staff } from '../roles';
import * as s from './schemas';

const id = z.number().int().positive().max(1_000_000_000);
const counterInput = z.object({ counterId: id }).strict();
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'invalid_format' });
/** A closing time: a time of day, or «24:00» — to the end of the day (a service open until midnight). */
const closingTime = z.string().regex(/^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, { message: 'invalid_format' });

export const ticketStatuses = ['printing', 'print_failed', 'waiting', 'called', 'serving', 'parked', 'done', 'no_show', 'cancelled'] as const;

/** Why a clerk calls someone out of turn — chosen from this list, plus free text (ماده ۳۵ پ). */
export const outOfTurnReasons = ['urgent_disability', 'legal_deadline_today', 'returned_with_document', 'correcting_mistake', 'other'] as const;

export const service = z.object({
  id,
  name: z.string(),
  prefix: z.string(),
  sortOrder: z.number().int(),
  dailyCap: z.number().int().nullable(),
  opensAt: z.string(),
  closesAt: z.string(),
  active: z.boolean(),
});

/** A ticket as every screen may see it: no names, no ids of people. */
export const publicTicket = z.object({
  id: z.string(),
  /** «ب-۰۴۷» */
  display: z.string(),
  prefix: z.string(),
  number: z.number().int(),
  serviceId: id,
  serviceName: z.string(),
  priority: z.boolean(),
  status: z.enum(ticketStatuses),
  issuedAt: s.isoInstant,
});
export type PublicTicket = z.infer<typeof publicTicket>;

const counterState = z.object({
  id,
  number: z.number().int(),
  active: z.boolean(),
  serviceIds: z.array(id),
  openBy: z.object({ userId: id, displayName: z.string() }).nullable(),
  current: publicTicket.nullable(),
});

const printerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('network'),
      host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:-]+$/, { message: 'invalid_format' }),
      port: z.number().int().min(1).max(65535),
      paper: z.enum(['80mm', '58mm']),
    })
    .strict(),
]);
export type PrinterConfig = z.infer<typeof printerConfig>;

const settings = z.object({
  normalPerPriority: z.number().int().min(0).max(20),
  maxWaitMinutes: z.number().int().min(1).max(600),
  serviceLevelMinutes: z.number().int().min(1).max(600),
  defaultServiceMinutes: z.number().int().min(1).max(120),
  /** recalls after which «غایب» needs no confirmation (0 = never asks) */
  noShowAfterRecalls: z.number().int().min(0).max(10),
});

const issued = z.object({
  ticket: publicTicket,
  peopleAhead: z.number().int().nonnegative(),
  estimatedWaitMinutes: z.number().int().nonnegative().nullable(),
  /** false when no ticket printer is configured: the kiosk's screen is the ticket */
  printed: z.boolean(),
});

const kpis = z.object({
  tickets: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  noShowPercent: z.number().nullable(),
  averageWaitMinutes: z.number().nullable(),
  maxWaitMinutes: z.number().nullable(),
  averageServiceMinutes: z.number().nullable(),
  withinTargetPercent: z.number().nullable(),
  transfers: z.number().int(),
  recalls: z.number().int(),
  outOfTurn: z.number().int(),
});

export const queueProcedures = {
  'queue.kioskInfo': procedure({
    summary: 'Services a kiosk offers now, waiting counts, priority categories, and whether a ticket printer is set.',
    access: ['kiosk', ...staff],
    input: z.object({}).strict(),
    output: z.object({
      services: z.array(
        z.object({ id, name: z.string(), prefix: z.string(), waiting: z.number().int(), open: z.boolean(), opensAt: z.string(), closesAt: z.string(), estimatedWaitMinutes: z.number().int().nullable() }),
      ),
      priorityCategories: z.array(z.object({ id, name: z.string() })),
      printer: z.enum(['none', 'network']),
    }),
  }),

  'queue.issueTicket': procedure({
    summary: 'Take a number for a service (kiosk). Counts as issued only once the printer accepted it.',
    access: ['kiosk', 'manager'],
    input: z.object({ serviceId: id, priorityCategoryId: id.optional() }).strict(),
    output: issued,
  }),

  'queue.checkInBooking': procedure({
    summary: 'Check in an online booking (code + national id) and take a number for it.',
    access: ['kiosk', 'manager'],
    input: z.object({ code: z.string().max(40), nationalId: z.string().max(20), serviceId: id }).strict(),
    output: issued,
  }),

  'queue.reprint': procedure({
    summary: 'Print again a ticket whose print failed; it joins the queue once printed.',
    access: ['kiosk', 'manager'],
    input: z.object({ ticketId: z.string().uuid() }).strict(),
    output: issued,
  }),

  'queue.counters': procedure({
    summary: 'Counters, the services each serves, who has it open and what it is serving.',
    access: staff,
    input: z.object({}).strict(),
    output: z.object({ counters: z.array(counterState) }),
  }),

  'queue.openCounter': procedure({
    summary: 'Sit at a counter: it serves for the calling clerk until closed.',
    access: staff,
    input: counterInput,
    output: counterState,
  }),

  'queue.closeCounter': procedure({
    summary: 'Leave the counter (its current ticket must be finished, parked or transferred first).',
    access: staff,
    input: counterInput,
    output: z.object({ ok: z.literal(true) }),
  }),

  'queue.counterView': procedure({
    summary: "A counter's screen: its ticket, parked tickets, and the waiting line of its services.",
    access: staff,
    input: counterInput,
    output: z.object({
      counter: counterState,
      parked: z.array(publicTicket),
      waiting: z.array(z.object({ serviceId: id, serviceName: z.string(), prefix: z.string(), count: z.number().int(), oldestIssuedAt: s.isoInstant.nullable() })),
      /** the waiting tickets in call order — for an out-of-turn call the clerk must pick one */
      line: z.array(publicTicket),
      outOfTurnReasons: z.array(z.enum(outOfTurnReasons)),
      /** times the current ticket was recalled, and how many recalls make a no-show need no confirmation */
      recalls: z.number().int(),
      noShowAfterRecalls: z.number().int(),
      /** the calling staff member's own day, wherever they sat: served, no-shows, mean service time */
      myDay: z.object({ served: z.number().int(), noShows: z.number().int(), averageServiceMinutes: z.number().nullable() }),
    }),
  }),

  'queue.callNext': procedure({
    summary: 'Call the next ticket as the rules decide (not the clerk).',
    access: staff,
    input: counterInput,
    output: publicTicket,
  }),
  'queue.recall': procedure({ summary: 'Call the current ticket again (board and voice repeat it).', access: staff, input: counterInput, output: publicTicket }),
  'queue.startService': procedure({ summary: 'The called person arrived: service starts.', access: staff, input: counterInput, output: publicTicket }),
  'queue.finish': procedure({ summary: 'Service finished.', access: staff, input: counterInput, output: publicTicket }),
  'queue.noShow': procedure({
    summary: 'The called person did not come: confirmed by the clerk, or after the set number of recalls.',
    access: staff,
    input: z.object({ counterId: id, confirmed: z.boolean().optional() }).strict(),
    output: publicTicket,
  }),
  'queue.park': procedure({ summary: 'Set the current ticket aside at this counter (e.g. waiting for a document).', access: staff, input: counterInput, output: publicTicket }),
  'queue.callParked': procedure({
    summary: 'Call back a ticket parked at this counter.',
    access: staff,
    input: z.object({ counterId: id, ticketId: z.string().uuid() }).strict(),
    output: publicTicket,
  }),
  'queue.transfer': procedure({
    summary: 'Send the current ticket to another service, keeping its number, at the front or back of that line.',
    access: staff,
    input: z.object({ counterId: id, serviceId: id, position: z.enum(['front', 'back']) }).strict(),
    output: publicTicket,
  }),
  'queue.callOutOfTurn': procedure({
    summary: 'Call a specific waiting ticket out of turn: needs a listed reason and free text; recorded.',
    access: staff,
    input: z.object({ counterId: id, ticketId: z.string().uuid(), reason: z.enum(outOfTurnReasons), note: s.freeText({ min: 5, max: 300, multiline: true }) }).strict(),
    output: publicTicket,
  }),

  'queue.board': procedure({
    summary: 'What the waiting-room board shows after a reload: recent calls and who is served where. No personal data.',
    access: ['board', ...staff],
    input: z.object({}).strict(),
    output: z.object({
      recentCalls: z.array(z.object({ display: z.string(), prefix: z.string(), number: z.number().int(), counterNumber: z.number().int(), recall: z.boolean(), at: s.isoInstant })),
      /** every counter's ticket: called (on the way) or being served */
      serving: z.array(z.object({ counterNumber: z.number().int(), display: z.string(), status: z.enum(['called', 'serving']) })),
      /** per open service: how many wait and the estimated wait for a number taken now */
      services: z.array(z.object({ name: z.string(), prefix: z.string(), waiting: z.number().int(), estimatedWaitMinutes: z.number().int().nullable() })),
    }),
  }),

  'queue.live': procedure({
    summary: "The manager's live view: waiting per service, longest wait, counters.",
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({
      services: z.array(z.object({ id, name: z.string(), prefix: z.string(), waiting: z.number().int(), longestWaitMinutes: z.number().int().nullable(), issuedToday: z.number().int() })),
      counters: z.array(counterState),
      printFailures: z.array(publicTicket),
    }),
  }),

  'queue.dayReport': procedure({
    summary: 'A day of the queue computed from events: per service, per counter, out-of-turn calls.',
    access: ['manager'],
    input: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
    output: z.object({
      day: z.string(),
      serviceLevelMinutes: z.number().int(),
      total: kpis,
      byService: z.array(z.object({ serviceId: id, name: z.string(), prefix: z.string(), kpis })),
      byCounter: z.array(z.object({ counterId: id, number: z.number().int(), kpis })),
      outOfTurn: z.array(z.object({ at: s.isoInstant, ticket: z.string(), counterNumber: z.number().int(), staff: z.string(), reason: z.enum(outOfTurnReasons), note: z.string() })),
    }),
  }),

  'queue.config': procedure({
    summary: 'Queue settings, services, counters, priority categories and the ticket printer (manager console).',
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({
      settings,
      printer: printerConfig,
      services: z.array(service),
      counters: z.array(z.object({ id, number: z.number().int(), active: z.boolean(), serviceIds: z.array(id) })),
      priorityCategories: z.array(z.object({ id, name: z.string(), active: z.boolean() })),
    }),
  }),

  'queue.updateSettings': procedure({ summary: 'Change call-order and report settings.', access: ['manager'], input: settings.strict(), output: z.object({ ok: z.literal(true) }) }),

  'queue.saveService': procedure({
    summary: 'Add or change a service (name, prefix letter, hours, daily cap, active).',
    access: ['manager'],
    input: z
      .object({
        id: id.optional(),
        name: s.freeText({ min: 2, max: 80 }),
        prefix: s.freeText({ min: 1, max: 3 }),
        sortOrder: z.number().int().min(0).max(1000),
        dailyCap: z.number().int().min(1).max(999).nullable(),
        opensAt: hhmm,
        closesAt: closingTime,
        active: z.boolean(),
      })
      .strict(),
    output: service,
  }),

  'queue.saveCounter': procedure({
    summary: 'Add or change a counter and the services it serves.',
    access: ['manager'],
    input: z.object({ id: id.optional(), number: z.number().int().min(1).max(99), active: z.boolean(), serviceIds: z.array(id).max(50) }).strict(),
    output: z.object({ id, number: z.number().int(), active: z.boolean(), serviceIds: z.array(id) }),
  }),

  'queue.savePriorityCategory': procedure({
    summary: 'Add, rename, or (de)activate a priority category (ماده ۴۷ پ: disability, elderly, pregnancy, …).',
    access: ['manager'],
    input: z.object({ id: id.optional(), name: s.freeText({ min: 2, max: 40 }), active: z.boolean() }).strict(),
    output: z.object({ id, name: z.string(), active: z.boolean() }),
  }),

  'queue.setPrinter': procedure({
    summary: 'Set the ticket printer (none, or network host:port and paper width).',
    access: ['manager'],
    input: z.object({ printer: printerConfig }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),

  'queue.testPrinter': procedure({
    summary: "Print a test page on the configured ticket printer and report its status.",
    access: ['manager'],
    input: z.object({}).strict(),
    output: z.object({ ok: z.literal(true), nearEnd: z.boolean() }),
  }),
} satisfies Record<string, ProcedureDef>;

export const callAnnouncement = z.object({
  ticketId: z.string(),
  display: z.string(),
  prefix: z.string(),
  number: z.number().int(),
  counterNumber: z.number().int(),
  recall: z.boolean(),
  at: s.isoInstant,
});

export const queueEvents = {
  'queue.called': event({
    summary: 'A number was called (or recalled) to a counter — for the board and its voice. No personal data.',
    access: ['board', 'kiosk', ...staff],
    payload: callAnnouncement,
  }),
  'queue.changed': event({
    summary: 'Something in the queue changed; screens refresh what they show.',
    access: ['board', 'kiosk', ...staff],
    payload: z.object({ at: s.isoInstant }),
  }),
} satisfies Record<string, EventDef>;
