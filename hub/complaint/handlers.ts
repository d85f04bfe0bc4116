import type { HandlerGroup } from '../handlers/types';
import { auditPastComplaintDays, complaintDays, complaintKeyOnFile, submitComplaint } from './complaints';

/** Anonymous complaints (ماده ۲۰): taken from the kiosk and applicant screens, counted for the manager. */
export const complaintHandlers: HandlerGroup<'complaint'> = (hub) => ({
  'complaint.submit': ({ text }) => {
    submitComplaint(hub.db, hub.now(), text);
    hub.sync.kick();
    return { ok: true as const };
  },
  'complaint.status': () => ({ accepting: complaintKeyOnFile(hub.db) !== null }),
  'complaint.days': () => {
    auditPastComplaintDays(hub.db, hub.now());
    return { days: complaintDays(hub.db), accepting: complaintKeyOnFile(hub.db) !== null };
  },
});
