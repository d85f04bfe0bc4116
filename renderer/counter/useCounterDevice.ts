import { useEffect, useState } from 'react';
import { useEnv } from '../app/api';

/**
 * Whether the manager set a device for the counter — its card terminal or its receipt printer:
 * null while asking, false when asking failed (the counter then works as without one).
 */
export function useCounterDeviceSet(device: 'terminal' | 'receiptPrinter', counterId: number): boolean | null {
  const { client } = useEnv();
  const [set, setSet] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    const asked =
      device === 'terminal'
        ? client.call('terminal.get', { counterId }).then((res) => res.terminal !== null)
        : client.call('receiptPrinter.get', { counterId }).then((res) => res.printer !== null);
    asked.then(
      (isSet) => live && setSet(isSet),
      () => live && setSet(false),
    );
    return () => {
      live = false;
    };
  }, [client, device, counterId]);
  return set;
}
