/**
 * The schemas document capture's namespaces share (capture, scanner, scanProfiles, documents): document
 * types, scanner settings, scan profiles, pages, documents, jobs and the capture view. Not a namespace.
 */
import { z } from 'zod';
import * as s from './schemas';

export const staff = ['manager', 'legalExpert', 'clerk'] as const;
export const id = z.number().int().positive().max(1_000_000_000);
export const uuid = z.string().uuid();
export const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const documentTypes = ['petition', 'identity', 'evidence', 'powerOfAttorney', 'decision', 'other'] as const;
export type DocumentType = (typeof documentTypes)[number];
/** `workstation`: a scanner on the counter's own PC, reached through its device agent (docs/WORKSTATIONS.md) */
export const scanDrivers = ['sane', 'escl', 'dwt', 'folder', 'workstation'] as const;
export const scanSources = ['flatbed', 'adf', 'adfDuplex'] as const;
export const colorModes = ['color', 'grey', 'bw'] as const;

/** Why a scan or import stopped; mirrors native/capture ScannerErrorCode plus the store's own. */
export const captureErrorCodes = [
  'DEVICE_NOT_FOUND',
  'DEVICE_GONE',
  'DEVICE_BUSY',
  'PAPER_JAM',
  'FEEDER_EMPTY',
  'COVER_OPEN',
  'CANCELLED',
  'TIMEOUT',
  'DRIVER_MISSING',
  'LICENCE_MISSING',
  'LICENCE_INVALID',
  'LICENCE_EXPIRED',
  'DEVICE_ERROR',
  'BAD_DATA',
  'UNSUPPORTED',
  'FILE_UNREADABLE',
  'FILE_TOO_LARGE',
  'FILE_NAME_REFUSED',
  'FILE_NOT_SCANNED',
  'DISK_FULL',
  'PIPELINE_FAILED',
  'INTERRUPTED',
] as const;
export type CaptureErrorCode = (typeof captureErrorCodes)[number];

export const scannerSetting = z
  .object({
    driver: z.enum(scanDrivers),
    /** a SANE device name, an eSCL base URL, a folder path, a DWT source name */
    deviceId: z.string().min(1).max(500),
    label: s.freeText({ min: 1, max: 200 }),
    source: z.enum(scanSources),
    dpi: z.number().int().min(75).max(1200),
    colorMode: z.enum(colorModes),
  })
  .strict();
export type ScannerSettingInput = z.infer<typeof scannerSetting>;

/** The resolutions the counter offers (dpi). */
export const scanResolutions = [150, 200, 300, 400, 600] as const;

/**
 * A scan profile: how the office scans one document type (a petition in grey at 300 dpi, an ID card
 * in colour from the glass, …). Kept by the manager as an office setting; the counter picks the
 * profile of the document type it scans, and may change it for one scan.
 */
export const scanProfile = z
  .object({
    documentType: z.enum(documentTypes),
    dpi: z.number().int().min(75).max(1200),
    colorMode: z.enum(colorModes),
    source: z.enum(scanSources),
  })
  .strict();
export type ScanProfile = z.infer<typeof scanProfile>;

export const pageView = z.object({
  id: uuid,
  documentId: uuid,
  /** 1-based, within the request (the number the clerk and the applicant see) */
  number: z.number().int().positive(),
  sha256,
  widthPx: z.number().int(),
  heightPx: z.number().int(),
  dpi: z.number().int(),
  bytes: z.number().int(),
  deskewDeg: z.number(),
  /** flagged as blank by the pipeline; `blankKept` once the clerk decided to keep it */
  blank: z.boolean(),
  blankKept: z.boolean(),
  matched: z.boolean(),
  ocr: z.enum(['pending', 'done', 'failed']),
  source: z.string(),
  /** provisional: shown with the scanner's own small images while its deskew and blank check run (hub/capture/processing.ts) */
  processing: z.boolean().optional(),
});
export type PageView = z.infer<typeof pageView>;

export const documentView = z.object({
  id: uuid,
  type: z.enum(documentTypes),
  colorMode: z.enum(colorModes),
  pages: z.array(pageView),
});
export type DocumentView = z.infer<typeof documentView>;

export const jobView = z.object({
  id: uuid,
  driver: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']),
  errorCode: z.enum(captureErrorCodes).nullable(),
  pages: z.number().int(),
  startedAt: s.isoInstant,
  endedAt: s.isoInstant.nullable(),
});
export type JobView = z.infer<typeof jobView>;

export const captureView = z.object({
  requestId: uuid,
  documents: z.array(documentView),
  /** the latest jobs, newest first (at most 5) */
  jobs: z.array(jobView),
  /** pages the fees were paid for, and how many the service includes (for the per-page fee check) */
  pagesPaid: z.number().int(),
  pagesIncluded: z.number().int(),
  chargesExtraPages: z.boolean(),
  /** the digest of the page list the applicant is asked to confirm */
  digest: sha256,
  /** the last review on the applicant's screen, if any */
  review: z.object({ outcome: z.enum(['confirmed', 'objected']), reason: z.string().nullable(), at: s.isoInstant, digest: sha256 }).nullable(),
});
export type CaptureView = z.infer<typeof captureView>;

export const image = z.object({ mime: z.literal('image/jpeg'), base64: z.string() });

/** Upload chunks for a file import: each at most this many bytes (base64 in the frame). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** The largest file one import takes. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
