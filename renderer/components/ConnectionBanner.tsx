import { useEffect, useRef, useState } from 'react';
import { useConnectionStatus } from '../app/api';
import { findBridge } from '../api/bridgeTransport';
import { fa } from '../i18n/fa';
import { StandbyOffer } from './StandbyOffer';

/** How long the link may be down before the banner appears: page loads and blips don't flash it. */
export const BANNER_DELAY_MS = 1500;

/**
 * Says so, at the top of every screen, when the link to the hub is down: «connecting» until it has
 * been open once; after that, a link trying again was lost, and the screen says it is cut. On a
 * staff screen of the standby's own PC a lost link, a while on, also offers the manager to make this
 * PC the office's hub (`offerPromotion`; never on the applicant's screen, the kiosk or the board).
 */
export function ConnectionBanner({ offerPromotion = false }: { offerPromotion?: boolean }) {
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
  const lost = status !== 'connecting' || wasOpen.current;
  return (
    <div className="connection-banner">
      <span role="alert">{lost ? fa.common.disconnected : fa.common.connecting}</span>
      {offerPromotion && <StandbyOffer bridge={findBridge()} down={lost} />}
    </div>
  );
}
