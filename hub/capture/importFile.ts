/**
 * An uploaded file imported into a request as a job: read into memory and its sealed copy removed
 * before the first page, then its pages go through the same pipeline as a scan's.
 */
import type { DocumentType } from '../../core/api/capture';
import { DomainError } from '../../core/errors';
import * as c from '../../db/capture';
import type { ColorMode, RawPage } from '../../native/capture/types';
import type { Staff } from '../request/requestService';
import { editable, refuseWhileRunning, type CaptureDeps } from './context';
import { launchJob } from './jobs';
import { dropUpload } from './uploads';

export interface ImportInput {
  requestId: string;
  counterId: number;
  uploadId: string;
  fileName: string;
  documentType: DocumentType;
  documentId?: string | undefined;
  colorMode?: ColorMode | undefined;
}

export async function importFile(deps: CaptureDeps, input: ImportInput, staff: Staff): Promise<{ jobId: string }> {
  const req = editable(deps, input.requestId, staff);
  const up = deps.state.uploads.get(input.uploadId);
  if (!up || up.owner !== staff.userId) throw new DomainError('UPLOAD_INVALID', 'no such upload');
  if (up.sealed.size === 0) {
    await dropUpload(deps, input.uploadId);
    throw new DomainError('FILE_UNREADABLE', 'the file is empty');
  }
  refuseWhileRunning(deps, null, req.id);
  deps.state.uploads.delete(input.uploadId);
  const colorMode = input.colorMode ?? c.scannerSetting(deps.db, input.counterId)?.colorMode ?? 'grey';
  const settings = { fileName: input.fileName, colorMode };
  const ports = deps.ports;
  const sealed = up.sealed;
  // the file is read into memory and its sealed copy removed before the first page: from here on it is only in memory
  async function* pagesFromMemory(signal: AbortSignal): AsyncGenerator<RawPage> {
    let data: Buffer;
    try {
      data = await sealed.read();
    } finally {
      await sealed.discard();
    }
    yield* ports.importFile(data, input.fileName, signal);
  }
  const { jobId } = launchJob(deps, req, { ...input, colorMode }, staff, { driver: 'file', deviceId: input.fileName.slice(0, 255), settings }, pagesFromMemory);
  return { jobId };
}
