/**
 * The applicant's satisfaction with a service (ماده ۱۸: offices are ranked on it): a score of 1 to 5
 * given once per served ticket, on the applicant's screen at the counter or at the kiosk by the
 * ticket's number, within a window after the service ended. Below 3 the applicant says why: one
 * reason from a short list, or «other» with a short text.
 */

export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** Scores below this one carry a reason. */
export const RATING_REASON_BELOW = 3;
/** How long after the service ended the applicant may still answer (minutes). */
export const RATING_WINDOW_MINUTES = 30;
/** The longest «other» reason (characters, after cleaning). */
export const RATING_REASON_TEXT_MAX = 200;

export const ratingReasons = ['longWait', 'staffConduct', 'feesUnclear', 'serviceIncomplete', 'outOfTurn', 'other'] as const;
export type RatingReason = (typeof ratingReasons)[number];

/** Where the answer was given: the screen facing the applicant at the counter, or the kiosk. */
export const ratingPlaces = ['applicantScreen', 'kiosk'] as const;
export type RatingPlace = (typeof ratingPlaces)[number];

/** Why a score and a reason do not go together, or null when they do. */
export function ratingReasonProblem(score: number, reason: { code: RatingReason; text?: string | undefined } | null | undefined): 'reason_required' | 'reason_unexpected' | 'text_required' | null {
  if (score < RATING_REASON_BELOW) {
    if (!reason) return 'reason_required';
    if (reason.code === 'other' && !reason.text) return 'text_required';
    return null;
  }
  return reason ? 'reason_unexpected' : null;
}
