import type { HandlerGroup } from '../handlers/types';

/** The applicants on record (the request service, hub/request/). */
export const applicantHandlers: HandlerGroup<'applicant'> = (hub) => {
  const { requests } = hub;
  return {
    'applicant.find': ({ kind, id }) => {
      const found = requests.findApplicant(kind, id);
      return { applicant: found ? { id: found.id, data: found.data } : null };
    },
    'applicant.save': (input) => ({ applicantId: requests.saveApplicant(input) }),
  };
};
