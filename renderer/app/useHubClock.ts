import { useEffect, useState } from 'react';
import { useEnv } from './api';

/**
 * The hub's time, ticking every second. The hub's `clock` event corrects the offset; between
 * events the screen ticks on its own, so a PC with a wrong clock still shows the office's time.
 */
export function useHubClock(): Date {
  const { client } = useEnv();
  const [offsetMs, setOffsetMs] = useState(0);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => client.subscribe('clock', ({ now: hubNow }) => setOffsetMs(Date.parse(hubNow) - Date.now())), [client]);
  useEffect(() => {
    const tick = () => setNow(new Date(Date.now() + offsetMs));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [offsetMs]);
  return now;
}
