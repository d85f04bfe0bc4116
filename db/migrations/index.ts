import type { Migration } from '../migration';
import { migration0001 } from './0001-office-and-staff';
import { migration0002 } from './0002-queue';
import { migration0003 } from './0003-requests';
import { migration0004 } from './0004-receipt-prints';
import { migration0005 } from './0005-payment-terminals';
import { migration0006 } from './0006-receipt-printers';
import { migration0007 } from './0007-audit-log';
import { migration0008 } from './0008-session-lock';
import { migration0009 } from './0009-staff-records';
import { migration0010 } from './0010-password-change';
import { migration0011 } from './0011-capture';
import { migration0012 } from './0012-sync';
import { migration0013 } from './0013-filing-receipt-prints';
import { migration0014 } from './0014-retention';
import { migration0015 } from './0015-sana-consent';
import { migration0016 } from './0016-devices';
import { migration0017 } from './0017-totp';
import { migration0018 } from './0018-inquiries';
import { migration0019 } from './0019-session-counter';
import { migration0020 } from './0020-scan-profiles';
import { migration0021 } from './0021-no-show-after-recalls';
import { migration0022 } from './0022-query-indexes';
import { migration0023 } from './0023-workstation-agents';
import { migration0024 } from './0024-service-steps';

/** Every migration, in order. A new one is a new file `NNNN-name.ts` and a line here. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018, migration0019, migration0020, migration0021, migration0022, migration0023, migration0024];
