/**
 * The frames both transports carry (WebSocket text frames as JSON; Electron IPC as structured
 * clones). Every call carries its session token; the hub resolves it to a principal per call.
 */
import { z } from 'zod';
import { errorCodes } from '../errors';

/** Frames larger than this get MESSAGE_TOO_LARGE; the transport hard-closes at twice this. */
export const MAX_FRAME_BYTES = 1024 * 1024;

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(100);
const session = z.string().min(1).max(200).optional();

export const callFrame = z.object({ t: z.literal('call'), id, proc: name, input: z.unknown(), session }).strict();
export const subscribeFrame = z.object({ t: z.literal('sub'), id, event: name, session }).strict();
export const unsubscribeFrame = z.object({ t: z.literal('unsub'), id, event: name }).strict();
export const clientFrame = z.discriminatedUnion('t', [callFrame, subscribeFrame, unsubscribeFrame]);

export type CallFrame = z.infer<typeof callFrame>;
export type SubscribeFrame = z.infer<typeof subscribeFrame>;
export type ClientFrame = z.infer<typeof clientFrame>;

export const wireError = z.object({
  code: z.enum(errorCodes),
  /** English, for developers' logs; users see the catalogue's Persian for `code` */
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  retryAt: z.string().optional(),
  ref: z.string().max(100).optional(),
});
export type WireError = z.infer<typeof wireError>;

export const resultFrame = z.discriminatedUnion('ok', [
  z.object({ t: z.literal('res'), id, ok: z.literal(true), output: z.unknown() }),
  z.object({ t: z.literal('res'), id: id.nullable(), ok: z.literal(false), error: wireError }),
]);
export type ResultFrame = z.infer<typeof resultFrame>;

export const eventFrame = z.object({ t: z.literal('evt'), event: name, payload: z.unknown() });
export type EventFrame = z.infer<typeof eventFrame>;

export const serverFrame = z.union([resultFrame, eventFrame]);
export type ServerFrame = z.infer<typeof serverFrame>;

/** A hub → client frame from a text frame, or null when it is not JSON or not a frame (dropped, never thrown). */
export function readServerFrame(text: string): ServerFrame | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = serverFrame.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** What a client (the browser's WebSocket, a workstation's window link) keeps of one subscription until it is answered and while it lasts. */
export interface ClientSubscription {
  frame: SubscribeFrame;
  onEvent: (payload: unknown) => void;
  answered: boolean;
  resolveAnswer: (frame: ResultFrame) => void;
}
