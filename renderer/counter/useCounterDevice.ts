import { useEffect, useState } from 'react';
import { useEnv } from '../app/api';

/**
 * Whether the manager set a device for the counter — its card terminal or its receipt printer:
 * null while asking, false when asking failed (the counter then works as without one). A card
 * terminal counts as set too when this counter's own workstation's agent reported one: the hub
 * sends the sale there (docs/WORKSTATIONS.md § Print and pay jobs).
 */
export function useCounterDeviceSet(device: 'terminal' | 'receiptPrinter', counterId: number): boolean | null {
  const { client } = useEnv();
  const [set, setSet] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    const asked =
      device === 'terminal'
        ? client.call('terminal.get', { counterId }).then(async (res) => {
            if (res.terminal !== null) return true;
            const { workstations, self } = await client.call('agent.workstations', {});
            return workstations.some((w) => w.deviceId === self && w.devices.some((d) => d.type === 'terminal'));
          })
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
