import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LINK_PROBE_EVERY_MS, LINK_PROBE_TIMEOUT_MS, linkProbeFrame, startLinkProbe } from './linkProbe';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const timers = { setTimeout: (run: () => void, ms: number) => setTimeout(run, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };

function probed(open = () => true) {
  const sent: string[] = [];
  const silent = vi.fn();
  const probe = startLinkProbe({ timers, send: (t) => (open() ? (sent.push(t), true) : false), onSilent: silent });
  return { sent, silent, probe };
}

describe('startLinkProbe', () => {
  it('asks health every LINK_PROBE_EVERY_MS after the last answer, and never calls an answered link silent', () => {
    const { sent, silent, probe } = probed();
    vi.advanceTimersByTime(LINK_PROBE_EVERY_MS - 1);
    expect(sent).toEqual([]);
    for (let i = 1; i <= 4; i++) {
      vi.advanceTimersByTime(i === 1 ? 1 : LINK_PROBE_EVERY_MS);
      expect(sent).toHaveLength(i);
      vi.advanceTimersByTime(LINK_PROBE_TIMEOUT_MS - 1);
      probe.answered();
    }
    expect(JSON.parse(sent[0]!)).toEqual(linkProbeFrame);
    vi.advanceTimersByTime(LINK_PROBE_EVERY_MS + LINK_PROBE_TIMEOUT_MS - 1);
    expect(silent).not.toHaveBeenCalled();
  });

  it('calls the link silent LINK_PROBE_TIMEOUT_MS after an unanswered probe, once, and probes no more', () => {
    const { sent, silent, probe } = probed();
    vi.advanceTimersByTime(LINK_PROBE_EVERY_MS + LINK_PROBE_TIMEOUT_MS - 1);
    expect(silent).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(silent).toHaveBeenCalledTimes(1);
    probe.answered(); // too late: changes nothing
    vi.advanceTimersByTime(10 * LINK_PROBE_EVERY_MS);
    expect(sent).toHaveLength(1);
    expect(silent).toHaveBeenCalledTimes(1);
  });

  it('stops at stop(), and when the socket is no longer open', () => {
    const a = probed();
    a.probe.stop();
    vi.advanceTimersByTime(10 * LINK_PROBE_EVERY_MS);
    expect(a.sent).toEqual([]);
    expect(a.silent).not.toHaveBeenCalled();
    const b = probed(() => false);
    vi.advanceTimersByTime(10 * LINK_PROBE_EVERY_MS);
    expect(b.sent).toEqual([]);
    expect(b.silent).not.toHaveBeenCalled();
  });
});
