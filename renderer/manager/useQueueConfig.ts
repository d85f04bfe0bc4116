import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcedureOutput } from '../../core/api/contract';
import { useEnv } from '../app/api';
import { errorText } from '../app/errors';

export type QueueConfigData = ProcedureOutput<'queue.config'>;

/** The queue's settings, services, counters and printer (`queue.config`), and a way to ask again after a save. */
export function useQueueConfig() {
  const { client } = useEnv();
  const [config, setConfig] = useState<QueueConfigData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ask = ++latest.current;
    try {
      const answer = await client.call('queue.config', {});
      if (ask !== latest.current) return;
      setConfig(answer);
      setError(null);
    } catch (err) {
      if (ask === latest.current) setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    void reload();
    return () => void latest.current++;
  }, [reload]);

  return { config, error, reload };
}
