import { useEffect, useRef, useState } from 'react';
import { useConnectionStatus } from '../app/api';
import { fa } from '../i18n/fa';

/** How long the link may be down before the banner appears: page loads and blips don't flash it. */
export const BANNER_DELAY_MS = 1500;

/**
 * Says so, at the top of every screen, when the link to the hub is down: «connecting» until it has
 * been open once; after that, a link trying again was lost, and the screen says it is cut.
 */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  const [shown, setShown] = useState(false);
  const wasOpen = useRef(false);
  if (status === 'open') wasOpen.current = true;
  useEffect(() => {
    if (status === 'open') return setShown(false);
    const timer = setTimeout(() => setShown(true), BANNER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [status]);
  if (!shown || status === 'open') return null;
  return (
    <div className="connection-banner" role="alert">
      {status === 'connecting' && !wasOpen.current ? fa.common.connecting : fa.common.disconnected}
    </div>
  );
}
