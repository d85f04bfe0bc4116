/**
 * For component tests: a page image on the screen through `usePageImage` (the counter's thumbnails
 * and page view use it), in a root of its own, so a test can tell whether the image cache was
 * forgotten — the image's object URL is revoked and it is fetched again — or is held (nothing shown).
 */
import { render } from '@testing-library/react';
import { createClient } from '../../../renderer/api/client';
import { sessionStore } from '../../../renderer/api/session';
import { EnvProvider } from '../../../renderer/app/api';
import { out, scriptedHub } from './testHub';
import { usePageImage } from '../../../renderer/capture/usePageImage';

const PAGE_ID = '99999999-9999-4999-8999-999999999999';

function Probe() {
  const { url } = usePageImage(PAGE_ID, 'f'.repeat(64), 'thumb');
  return url ? <img alt="probe page" src={url} /> : <span>probe page not shown</span>;
}

export function renderPageImageProbe() {
  const hub = scriptedHub({ 'capture.image': () => out({ mime: 'image/jpeg', base64: btoa('jpeg bytes') }) });
  const client = createClient(hub.transport, () => 'tok-probe');
  const view = render(
    <EnvProvider env={{ client, shell: 'counter', sessions: sessionStore('probe', undefined) }}>
      <Probe />
    </EnvProvider>,
  );
  return {
    /** how many times the page image was asked of the hub */
    fetches: () => hub.callsTo('capture.image').length,
    /** the object URL on the screen now, or null */
    shown: () => (view.container.querySelector('img')?.getAttribute('src') ?? null),
    unmount: () => view.unmount(),
  };
}
