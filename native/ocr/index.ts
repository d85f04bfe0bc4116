export { createOcrPool, OcrCancelledError, OcrTimeoutError, toOcrPage, type OcrImageSize, type OcrPool, type OcrPoolOptions } from './ocrPool';
export { charErrorRate } from './charErrorRate';
export type { OcrBox, OcrLine, OcrPage } from './types';
