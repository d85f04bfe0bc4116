import type { ScannerErrorCode } from '../capture/types';
import type { PipelineOptions, ProcessedPage } from './types';

/** What the pool and its workers say to each other. Buffers travel as transferred ArrayBuffers. */

export interface JobMessage {
  readonly id: number;
  readonly page: {
    readonly index: number;
    readonly data: Uint8Array;
    readonly mime: string;
    readonly dpi: number;
    readonly origin?: { readonly fileName: string; readonly pageOfFile: number };
  };
  readonly options: PipelineOptions;
}

export type ResultMessage =
  | { readonly id: number; readonly ok: true; readonly page: Omit<ProcessedPage, 'image' | 'thumb' | 'view'> & { readonly image: Uint8Array; readonly thumb: Uint8Array; readonly view: Uint8Array } }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly code?: ScannerErrorCode } };

/** A Buffer as a Uint8Array that owns its whole ArrayBuffer, so it can be transferred (Buffers from pools or files share theirs). */
export function ownBytes(buf: Uint8Array): Uint8Array {
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer) return buf;
  return new Uint8Array(buf);
}
