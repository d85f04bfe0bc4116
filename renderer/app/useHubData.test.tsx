import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub } from '../../test/support/renderer/testHub';
import { useEnv } from './api';
import { useHubData } from './useHubData';
import { syncStatus } from '../../test/support/renderer/fixtures';

function Probe() {
  const { client } = useEnv();
  const data = useHubData(() => client.call('sync.status', {}), []);
  return <p>{data.error ?? (data.data ? 'loaded' : '…')}</p>;
}

describe('useHubData', () => {
  it('loads again when the link to the hub comes back, so the outage’s error does not stay on screen', async () => {
    let down = true;
    const hub = renderWithHub(<Probe />, { 'sync.status': () => (down ? fail('HUB_UNREACHABLE') : out(syncStatus())) });
    expect(await screen.findByText(fa.errors.HUB_UNREACHABLE)).toBeInTheDocument();
    hub.setStatus('closed');
    down = false;
    hub.setStatus('connecting');
    expect(screen.getByText(fa.errors.HUB_UNREACHABLE)).toBeInTheDocument();
    hub.setStatus('open');
    await waitFor(() => expect(screen.getByText('loaded')).toBeInTheDocument());
    expect(hub.callsTo('sync.status')).toHaveLength(2);
  });
});
