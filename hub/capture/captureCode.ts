/**
 * A scanner, importer, store or pipeline failure as the code the counter shows.
 */
import type { CaptureErrorCode } from '../../core/api/capture';
import { captureErrorCodes } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import { ScannerError } from '../../native/capture/types';
import { PageStoreError } from './pageStore';

export function captureCode(err: unknown): CaptureErrorCode {
  if (err instanceof ScannerError) return (captureErrorCodes as readonly string[]).includes(err.code) ? (err.code as CaptureErrorCode) : 'BAD_DATA';
  if (err instanceof PageStoreError) return err.code === 'DISK_FULL' ? 'DISK_FULL' : 'PIPELINE_FAILED';
  if (err instanceof DomainError && (captureErrorCodes as readonly string[]).includes(err.code)) return err.code as CaptureErrorCode;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'DISK_FULL';
  return 'PIPELINE_FAILED';
}
