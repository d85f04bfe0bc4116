import { record } from '../audit/auditLog';
import type { HandlerGroup } from '../handlers/types';
import { staffOf } from '../handlers/guards';

/** Backups (./backupService.ts): the dashboard's state, the target folder, «پشتیبان‌گیری اکنون». */
export const backupHandlers: HandlerGroup<'backup'> = (hub) => ({
  'backup.status': () => hub.backup.status(),
  'backup.setTarget': async (input, ctx) => {
    const staff = staffOf(ctx);
    await hub.backup.setTarget(input.target);
    record(hub.db, hub.now(), { actor: `staff:${staff.userId}`, action: 'backupTargetSet', subject: null, detail: { target: input.target } });
    return hub.backup.status();
  },
  'backup.now': () => {
    if (hub.backup.busy) return { started: false };
    // in the background: the screen follows it through backup.status
    void hub.backup.run('manual').catch((err: unknown) => hub.log.warn('the backup did not run', { error: String(err) }));
    return { started: true };
  },
});
