import { DomainError } from '../../core/errors';
import * as pt from '../../db/paymentTerminals';
import type { HandlerGroup } from '../handlers/types';
import { requireCounter, staffIdOf } from '../handlers/guards';
import type { HubServices } from '../services';

/** The card terminal (PC-POS) of each counter: read by staff, set by the manager. */
export const terminalHandlers: HandlerGroup<'terminal'> = (hub: HubServices) => {
  return {
    'terminal.get': ({ counterId }) => {
      requireCounter(hub.db, counterId);
      return { terminal: pt.getTerminalSetting(hub.db, counterId) ?? null };
    },
    'terminal.set': (input, ctx) => {
      const updatedBy = staffIdOf(ctx);
      requireCounter(hub.db, input.counterId);
      // Sadad's adapter speaks plain HTTP to the service on the counter PC (HTTPS on 8001 is not built).
      if (input.kind === 'sadad' && !/^http:\/\//i.test(input.baseUrl)) {
        throw new DomainError('INVALID_INPUT', 'the Sadad PC-POS service is reached over http', { fields: [{ path: 'baseUrl', reason: 'invalid_format' }] });
      }
      const row: pt.TerminalSettingRow = {
        counterId: input.counterId,
        kind: input.kind,
        baseUrl: input.baseUrl.replace(/^http:/i, 'http:'),
        timeoutMs: input.timeoutMs,
        deviceIp: input.deviceIp ?? null,
        devicePort: input.deviceIp ? (input.devicePort ?? null) : null,
        terminalId: input.terminalId ?? null,
        updatedAt: hub.now().toISOString(),
        updatedBy,
      };
      pt.saveTerminalSetting(hub.db, row);
      return { terminal: pt.getTerminalSetting(hub.db, input.counterId)! };
    },
  };
};
