import { afterEach, describe, expect, it } from 'vitest';
import { procedures } from '../../core/api/contract';
import { testHub } from '../../test/support/hub';
import { createHandlers } from './index';

describe('the handler registry', () => {
  let t: ReturnType<typeof testHub> | undefined;
  afterEach(() => t?.close());

  it('has exactly one handler for each procedure of the contract', () => {
    t = testHub();
    const handlers = createHandlers(t.hub.services);
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(procedures).sort());
    for (const handler of Object.values(handlers)) expect(typeof handler).toBe('function');
  });

  it("refuses a group that answers for another namespace's procedure", () => {
    t = testHub();
    const registry = {
      queue: () => ({ 'queue.board': () => ({}), 'request.open': () => ({}) }),
    };
    expect(() => createHandlers(t!.hub.services, registry)).toThrow('the queue handlers answer for request.open: register it with its own namespace');
  });

  it('takes a bare procedure name (health) as its own namespace', () => {
    t = testHub();
    expect(Object.keys(createHandlers(t.hub.services, { health: () => ({ health: () => ({}) }) }))).toEqual(['health']);
    expect(() => createHandlers(t!.hub.services, { setup: () => ({ health: () => ({}) }) })).toThrow('the setup handlers answer for health');
  });
});
