import type { RequestView } from '../../core/api/request';
import { serviceSteps } from '../../core/request/stepper';
import { toPersianDigits } from '../../core/text/digits';
import { fa } from '../i18n/fa';

/** The steps the request's service has (a filing: the eight of ماده ۴), done ones ticked, the current one marked. */
export function Stepper({ request, label }: { request: Pick<RequestView, 'steps' | 'currentStep' | 'missing'>; label?: string }) {
  const names = fa.counter.steps;
  const steps = request.steps;
  // the steps before the current one are done; a closed request shows none done
  const at = request.currentStep === null ? (request.missing === null ? -1 : steps.length) : steps.indexOf(request.currentStep);
  return (
    <ol className="stepper" aria-label={label ?? fa.counter.requestTitle}>
      {steps.map((s, i) => {
        const state = i < at ? 'done' : i === at ? 'current' : 'todo';
        return (
          <li key={s} className={`stepper-step stepper-step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="stepper-index">{state === 'done' ? '✓' : toPersianDigits(i + 1)}</span>
            <span>{names[serviceSteps.indexOf(s)]}</span>
          </li>
        );
      })}
    </ol>
  );
}
