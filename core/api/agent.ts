/**
 * The device agent of a workstation (docs/WORKSTATIONS.md): the process on a counter or kiosk PC
 * that owns what is plugged into it. It connects as the paired device it runs on (`auth.device`),
 * says who it is and what it found (`agent.hello`), then receives the jobs the hub routes to that
 * device only (`agent.job`) and reports how each ended (`agent.jobDone`). Pages do not travel in
 * frames: they are PUT one at a time to AGENT_PAGE_PATH (see `agentPageAnswer`).
 *
 * Jobs are tagged by kind: `scan` (pages come back over HTTPS), `print` (the document travels in the
 * job; the agent answers the printer's code or null) and `pay` (the agent runs the sale on its card
 * terminal and answers the approval or the terminal's error). An agent that cannot run one answers
 * `agent.jobDone` with UNSUPPORTED.
 */
import { z } from 'zod';
import type { EventDef, ProcedureDef } from './contract-types';
import { event, procedure } from './define';
import { staffRoles } from '../roles';
import * as s from './schemas';

const uuid = z.string().uuid();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** a device's id as its driver names it on that PC (a SANE name, an eSCL URL, a folder path, a queue name) */
const localId = z
  .string()
  .min(1)
  .max(500)
  // passed to the driver byte for byte, so not normalised; but nothing hidden (controls, direction marks, invisible-only values)
  .refine((v) => !/[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/u.test(v) && /[^\p{White_Space}]/u.test(v), { message: 'invalid_characters' });
const label = s.freeText({ min: 1, max: 200 });

export const agentScanDrivers = ['sane', 'escl', 'dwt', 'folder'] as const;
export const agentScanSources = ['flatbed', 'adf', 'adfDuplex'] as const;
export const agentColorModes = ['color', 'grey', 'bw'] as const;

/** What the agent found on its PC, as it found it. */
export const agentDevice = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('scanner'),
      driver: z.enum(agentScanDrivers),
      id: localId,
      label,
      sources: z.array(z.enum(agentScanSources)).max(3),
      colorModes: z.array(z.enum(agentColorModes)).max(3),
      resolutions: z.array(z.number().int().min(50).max(1200)).max(32),
    })
    .strict(),
  z.object({ type: z.literal('printer'), driver: z.enum(['cups', 'escpos', 'usb', 'serial']), id: localId, label }).strict(),
  /** a printer of A4/A5 documents (PDF) behind the PC's print queue: a CUPS queue, a Windows printer by name */
  z.object({ type: z.literal('documentPrinter'), driver: z.enum(['cups', 'windows']), id: localId, label }).strict(),
  z.object({ type: z.literal('terminal'), driver: z.enum(['sadad', 'serial']), id: localId, label }).strict(),
]);
export type AgentDevice = z.infer<typeof agentDevice>;
/** at most this many devices on one PC */
export const MAX_AGENT_DEVICES = 64;
/** A print job's document at most, as base64 (≈ 640 KiB of bytes: a receipt, a report of a few pages; not a scanned document). */
export const MAX_AGENT_PRINT_BASE64 = 880_000;

export const agentScanSettings = z.object({ source: z.enum(agentScanSources), dpi: z.number().int().min(75).max(1200), colorMode: z.enum(agentColorModes) }).strict();

/** A job for one workstation's agent; `jobId` names it in every page and in its end. */
export const agentJob = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('scan'),
      jobId: uuid,
      /** the scanner's id on that PC, from the agent's own device list */
      device: localId,
      settings: agentScanSettings,
      /** rescanning one page: the agent stops after the first page */
      firstOnly: z.boolean(),
      /** pages the hub already holds (0 for a new job): the agent resends from here */
      nextSeq: z.number().int().min(0),
      /**
       * a Dynamic Web TWAIN scanner (driver `dwt`): the office's licence key, an office setting the
       * manager keeps; added at each delivery (never stored with the job), absent when none is set
       */
      dwtLicence: z.string().min(1).max(4096).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('print'),
      jobId: uuid,
      /** the printer's id on that PC, from the agent's own device list */
      device: localId,
      copies: z.number().int().min(1).max(20),
      /** ESC/POS bytes for the printer as they are, or a PDF for the PC's print queue */
      format: z.enum(['escpos', 'pdf']),
      /** the document (a receipt is a few KiB of ESC/POS; a frame is capped at 1 MiB) */
      dataBase64: z.string().max(MAX_AGENT_PRINT_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/),
      /** the agent prints only bytes that match */
      documentSha256: sha256,
      /** a PDF's paper, on a document printer (absent: A4) */
      media: z.enum(['A4', 'A5']).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('pay'),
      jobId: uuid,
      /** the card terminal's id on that PC, from the agent's own device list */
      device: localId,
      amountRials: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      /** the payment attempt's order id: the same for every retry of one payment (native/payment/README.md) */
      reference: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
      /** an earlier sale of this order went unanswered: the terminal is asked about it before anything is charged */
      inDoubt: z.boolean(),
      /**
       * a reversal (the same office day) of a sale this terminal approved, under the reversal's own
       * order id (`reference`): the sale's order id and RRN. Absent: a sale.
       */
      reverse: z.object({ saleOrderId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/), saleRrn: z.string().regex(/^\d{12}$/) }).strict().optional(),
    })
    .strict(),
]);
export type AgentJob = z.infer<typeof agentJob>;
export type AgentJobKind = AgentJob['kind'];

/** A card terminal's approval as the agent's terminal reported it (native/payment TerminalApproval). */
export const agentApproval = z
  .object({
    amountRials: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    rrn: z.string().regex(/^\d{12}$/),
    trace: z.string().regex(/^\d{1,12}$/),
    terminalId: z.string().regex(/^[0-9A-Z]{1,16}$/),
    maskedCard: z.string().regex(/^(?:\d{0,6}\*+\d{4})?$/),
    responseCode: z.literal('00'),
    approvedAt: s.isoInstant,
  })
  .strict();

/** How a pay job ended on the terminal: an approval, or the terminal's error and what it says about the money. */
export const agentPayment = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), approval: agentApproval }).strict(),
  z
    .object({
      ok: z.literal(false),
      code: z.string().regex(/^PAYMENT_[A-Z_]{1,40}$/),
      /** native/payment PaymentOutcome: notCharged, unknown (inquire first), charged (a person acts) */
      outcome: z.enum(['notCharged', 'unknown', 'charged']),
      responseCode: z.string().regex(/^[0-9A-Za-z]{1,8}$/).optional(),
    })
    .strict(),
]);
export type AgentPayment = z.infer<typeof agentPayment>;

/** How a job ended on the workstation: a driver's code (native/capture ScannerError codes, …) or null. */
export const agentJobError = z.string().regex(/^[A-Z][A-Z_]{1,40}$/);

export const workstationView = z.object({
  deviceId: z.number().int().positive(),
  name: z.string(),
  kind: z.enum(['counter', 'kiosk']),
  online: z.boolean(),
  agentVersion: z.string(),
  /** the contract the agent said it speaks at its last hello */
  contractVersion: z.number().int(),
  /** its last hello: when it connected, or last reported its devices */
  helloAt: s.isoInstant,
  devices: z.array(agentDevice),
  /** the printer and card terminal it uses, chosen by the manager among those reported; null: the first reported */
  chosen: z.object({ printer: z.string().nullable(), terminal: z.string().nullable() }),
});
export type WorkstationView = z.infer<typeof workstationView>;

export const agentProcedures = {
  'agent.hello': procedure({
    summary: "A workstation's device agent introduces itself on its own connection (after auth.device): the contract's version, its own, and the devices it found. Answers the jobs still open for this workstation.",
    access: 'public',
    input: z
      .object({
        contractVersion: z.number().int().min(1),
        agentVersion: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/, { message: 'invalid_format' }),
        devices: z.array(agentDevice).max(MAX_AGENT_DEVICES),
      })
      .strict(),
    output: z.object({ deviceId: z.number().int().positive(), name: z.string(), jobs: z.array(agentJob), maxPageBytes: z.number().int().positive() }),
  }),
  'agent.jobDone': procedure({
    summary: 'The agent says a job ended on the workstation: how many pages it made in all, and the driver error that ended it, if one did.',
    access: 'public',
    /** `payment`: a pay job's outcome (its `error` is then null; a print job's printer code is `error`) */
    input: z.object({ jobId: uuid, pages: z.number().int().min(0).max(10_000), error: agentJobError.nullable(), payment: agentPayment.optional() }).strict(),
    /** `received`: pages the hub holds; the job closes once it holds them all */
    output: z.object({ received: z.number().int(), state: z.enum(['open', 'done', 'failed', 'cancelled']) }),
  }),
  'agent.workstations': procedure({
    summary: "The office's workstations: whether each one's agent is connected, and the devices it reported.",
    access: staffRoles,
    input: z.object({}).strict(),
    /** `self`: the caller's own workstation (the paired counter or kiosk its connection proved), or null on any other connection */
    output: z.object({ workstations: z.array(workstationView), self: z.number().int().positive().nullable() }),
  }),
  'agent.choose': procedure({
    summary: 'Which of the printers (or card terminals) a workstation’s agent reported it uses; null: the first reported (manager).',
    access: ['manager'],
    input: z.object({ deviceId: z.number().int().positive(), type: z.enum(['printer', 'terminal']), id: localId.nullable() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  }),
  'agent.job': procedure({
    summary: 'A job routed to a workstation: its state and the pages the hub received, by their number on the workstation.',
    access: staffRoles,
    input: z.object({ jobId: uuid }).strict(),
    output: z.object({
      jobId: uuid,
      deviceId: z.number().int(),
      kind: z.enum(['scan', 'print', 'pay']),
      state: z.enum(['open', 'done', 'failed', 'cancelled']),
      nextSeq: z.number().int(),
      total: z.number().int().nullable(),
      errorCode: z.string().nullable(),
      pages: z.array(z.object({ seq: z.number().int(), sha256, pageId: uuid })),
    }),
  }),
} satisfies Record<string, ProcedureDef>;

export const agentEvents = {
  'agent.job': event({
    summary: "A job for one workstation's agent, or the cancelling of one. Delivered only to the agent connected with that workstation's credential.",
    access: 'public',
    payload: z.object({ deviceId: z.number().int().positive(), job: agentJob.optional(), cancel: uuid.optional() }).strict(),
  }),
  'agent.changed': event({
    summary: "A workstation's agent connected, went away, or reported its devices anew (the staff's views of workstations refresh; `agent.workstations` says the rest).",
    access: staffRoles,
    payload: z.object({ deviceId: z.number().int().positive(), online: z.boolean() }).strict(),
  }),
} satisfies Record<string, EventDef>;

// ---------- pages: an idempotent HTTPS PUT, outside the frames ----------

/** PUT `${AGENT_PAGE_PATH}/<jobId>/<seq>` with the page as the body. */
export const AGENT_PAGE_PATH = '/api/agent/pages';
/** Authorization: `Device <deviceId>:<credential>` */
export const AGENT_AUTH_SCHEME = 'Device';
export const AGENT_PAGE_HEADERS = { sha256: 'x-page-sha256', dpi: 'x-page-dpi', thumb: 'x-page-thumb', view: 'x-page-view' } as const;
export const agentPageMimes = ['image/png', 'image/jpeg', 'image/x-portable-anymap'] as const;
/** one page's body at most (a 600 dpi colour A4 page as PNG stays well below) */
export const MAX_AGENT_PAGE_BYTES = 64 * 1024 * 1024;
/** one page's pixels at most (A3 at 600 dpi is ≈ 70 M) */
export const MAX_AGENT_PAGE_PIXELS = 150_000_000;
/**
 * The page's small images, made by the agent in its own decode of the page (native/image/preview.ts),
 * may follow the page in the body: the thumbnail, then the view, each JPEG, each announced in its
 * header as `<bytes>;<sha256>` (both or neither). With them the hub shows the page before its heavy
 * steps run; the page's own digest (`x-page-sha256`) covers the page's bytes only.
 */
export const MAX_AGENT_THUMB_BYTES = 64 * 1024;
export const MAX_AGENT_VIEW_BYTES = 2 * 1024 * 1024;
/** the thumbnail's and the view's pixels at most (the agent makes 160 px wide and 1400 px tall) */
export const MAX_AGENT_THUMB_SIDE = 400;
export const MAX_AGENT_VIEW_SIDE = 2000;
export const agentPreviewPart = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,8});[0-9a-f]{64}$/)
  .transform((v) => {
    const [bytes, sha256] = v.split(';') as [string, string];
    return { bytes: Number(bytes), sha256 };
  });
export type AgentPreviewPart = z.infer<typeof agentPreviewPart>;

export const agentPageCodes = [
  'AGENT_NOT_ALLOWED', // no valid credential of a counter or kiosk, or a revoked one
  'AGENT_JOB_UNKNOWN', // not a job given to this workstation, or one already closed
  'AGENT_PAGE_OUT_OF_ORDER', // a later page before an earlier one: `nextSeq` says which comes next
  'AGENT_PAGE_REFUSED', // over the limits, not an image, the digest does not match, another page under a number already stored
  'DISK_FULL',
  'INTERNAL',
] as const;
export type AgentPageCode = (typeof agentPageCodes)[number];

/** The hub's answer to a page: stored now or before (`duplicate`); or refused with a code. */
export const agentPageAnswer = z.union([
  z.object({ ok: z.literal(true), duplicate: z.boolean(), nextSeq: z.number().int() }).strict(),
  z.object({ ok: z.literal(false), code: z.enum(agentPageCodes), message: z.string(), nextSeq: z.number().int().optional() }).strict(),
]);
export type AgentPageAnswer = z.infer<typeof agentPageAnswer>;
