import { describe, expect, it } from 'vitest';
import { allows, events, procedures } from './contract';
import { allRoles } from '../roles';

describe('the contract', () => {
  it('lets only setup, login, pairing, health and a workstation agent’s own calls run without a session', () => {
    const publicOnes = Object.entries(procedures)
      .filter(([, def]) => def.access === 'public')
      .map(([name]) => name)
      .sort();
    // the agent's calls carry no session: the hub serves them only on a paired counter or kiosk's agent connection (hub/agent);
    // standby.where tells a paired workstation (its agent has no session) the epoch and where the standby would serve;
    // a workstation's version report likewise, only on a paired counter or kiosk's connection (hub/updates)
    expect(publicOnes).toEqual(['agent.hello', 'agent.jobDone', 'auth.device', 'auth.deviceLogin', 'auth.login', 'auth.pair', 'health', 'setup.createOffice', 'setup.status', 'standby.where', 'updates.report']);
  });

  it('names only known roles in every access list', () => {
    for (const def of [...Object.values(procedures), ...Object.values(events)]) {
      if (def.access === 'public') continue;
      expect(def.access.length).toBeGreaterThan(0);
      for (const role of def.access) expect(allRoles).toContain(role);
    }
  });

  it('keeps the staff list to the manager', () => {
    expect(procedures['staff.list'].access).toEqual(['manager']);
  });

  it('decides access: public for anyone, a role list only for those roles', () => {
    expect(allows('public', null)).toBe(true);
    expect(allows(['manager'], null)).toBe(false);
    expect(allows(['manager'], 'clerk')).toBe(false);
    expect(allows(['manager', 'clerk'], 'clerk')).toBe(true);
  });

  it('rejects unknown keys in inputs instead of ignoring them', () => {
    expect(procedures['auth.login'].input.safeParse({ username: 'maryam', password: 'x', role: 'manager' }).success).toBe(false);
  });

  it('normalises a Persian-digit office code to Latin digits', () => {
    const parsed = procedures['setup.createOffice'].input.parse({
      office: { name: 'دفتر', code: '۱۲۳۴', city: 'تهران' },
      manager: { displayName: 'مریم', username: 'Maryam', password: '12345678' },
    });
    expect(parsed.office.code).toBe('1234');
    expect(parsed.manager.username).toBe('maryam');
  });
});
