import type { CallFrame, ResultFrame, SubscribeFrame } from '../../core/api/wire';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** How frames reach the hub: the Electron bridge or a WebSocket. The client doesn't know which. */
export interface Transport {
  /** `timeoutMs`: wait this long for the answer instead of the transport's default */
  call(frame: CallFrame, options?: { timeoutMs?: number | undefined }): Promise<ResultFrame>;
  subscribe(frame: SubscribeFrame, onEvent: (payload: unknown) => void): { answer: Promise<ResultFrame>; unsubscribe: () => void };
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}
