import { DomainError } from '../../core/errors';
import { dwtLicence, getOffice, setDwtLicence, setLockAfterMinutes } from '../../db/office';
import type { HandlerGroup } from '../handlers/types';

export const officeHandlers: HandlerGroup<'office'> = (hub) => ({
  'office.info': () => {
    const office = getOffice(hub.db);
    if (!office) throw new DomainError('NOT_SET_UP', 'the office is not set up yet');
    return { name: office.name, code: office.code, city: office.city, lockAfterMinutes: office.lockAfterMinutes };
  },
  'office.setLockAfter': ({ minutes }) => {
    setLockAfterMinutes(hub.db, minutes);
    return { ok: true as const };
  },
  'office.dwtLicence': () => {
    const key = dwtLicence(hub.db);
    return { set: key !== null, tail: key === null ? null : key.slice(-4) };
  },
  'office.setDwtLicence': ({ key }) => {
    setDwtLicence(hub.db, key === '' ? null : key);
    return { ok: true as const };
  },
});
