/**
 * Renders a component as a shell does, over a transport the test controls (the hub's events, the
 * link's status), with no session: for renderer components that only listen.
 */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Shell } from '../../../core/roles';
import { createClient } from '../../../renderer/api/client';
import { sessionStore } from '../../../renderer/api/session';
import type { Transport } from '../../../renderer/api/transport';
import { EnvProvider } from '../../../renderer/app/api';

export function renderOverTransport(transport: Transport, shell: Shell, ui: ReactElement) {
  const client = createClient(transport, () => undefined);
  return render(<EnvProvider env={{ client, shell, sessions: sessionStore(shell, undefined) }}>{ui}</EnvProvider>);
}
