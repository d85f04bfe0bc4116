/**
 * What the central does wrong in the fault trials, shared by the central in its own process
 * (centralChild.ts) and the in-process one (harness.ts): a seeded generator, the injected answer
 * for one request, and the hooks that carry out a trial's plan.
 */
import type { CentralHooks, InjectedFault } from '../../central/app';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const transient: InjectedFault[] = [
  { status: 500, code: 'INTERNAL' },
  { status: 503, code: 'UNAVAILABLE', retryAfterS: 1 },
  { status: 429, code: 'RATE_LIMITED', retryAfterS: 1 },
];

/**
 * The injected answer for a request, or null to serve it. Enrollment is never faulted (the harness
 * enrolls before the faults begin). A submission may get a 409: a refusal for good, which the office
 * manager (the hub child's stand-in) resends.
 */
export function injectedFault(rand: () => number, faultRate: number, method: string, url: string): InjectedFault | null {
  if (url === '/v1/enroll' || rand() >= faultRate) return null;
  if (method === 'PUT' && url.startsWith('/v1/submissions/') && rand() < 0.25) return { status: 409, code: 'SUBMISSION_CONFLICT' };
  return transient[Math.floor(rand() * transient.length)]!;
}

/** A trial's plan for the central: how often it answers with an injected error, how often it dies after a commit. */
export interface FaultPlan {
  /** chance that a request is answered with an injected error instead */
  faultRate: number;
  /** chance of dying between a submission's commit and its reply */
  killRate: number;
  seed: number;
}

/**
 * The central's side of the trials: the plan in force (`setPlan` between trials; none at first) and the
 * hooks that carry it out. `die` is how this central dies after a submission's commit.
 */
export function plannedFaults(die: () => void): { setPlan(plan: FaultPlan): void; hooks: CentralHooks } {
  let plan: FaultPlan = { faultRate: 0, killRate: 0, seed: 1 };
  let rand = mulberry32(1);
  return {
    setPlan(next) {
      plan = next;
      rand = mulberry32(next.seed);
    },
    hooks: {
      faultFor: (req) => injectedFault(rand, plan.faultRate, req.method, req.url),
      afterSubmitCommit() {
        if (rand() < plan.killRate) die();
      },
    },
  };
}
