/**
 * Which counter this applicant screen faces: `?counter=2` in its address, else the one chosen on
 * this screen before. Its session is opened for that counter and answers for it only (the hub keeps
 * the counter with the session: docs/SECURITY.md § One kind of caller per connection).
 */
const STORAGE_KEY = 'daftaryar.applicantScreen.counter';

const positive = (n: number): number | null => (Number.isInteger(n) && n > 0 ? n : null);

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function applicantCounter(): number | null {
  const fromUrl = positive(Number(new URLSearchParams(window.location.search).get('counter')));
  if (fromUrl !== null) return fromUrl;
  try {
    return positive(Number(storage()?.getItem(STORAGE_KEY)));
  } catch {
    return null;
  }
}

/** The counter chosen on this screen: remembered, and put in its address so a reload keeps it. */
export function chooseApplicantCounter(counterId: number): void {
  try {
    storage()?.setItem(STORAGE_KEY, String(counterId));
  } catch {
    // storage may be disabled; the address below still keeps it
  }
  const url = new URL(window.location.href);
  url.searchParams.set('counter', String(counterId));
  window.history.replaceState(window.history.state, '', url);
}

/** A counter remembered here that the hub no longer knows: forgotten, so the screen asks again. */
export function forgetApplicantCounter(): void {
  try {
    storage()?.removeItem(STORAGE_KEY);
  } catch {
    // nothing to forget
  }
  const url = new URL(window.location.href);
  if (!url.searchParams.has('counter')) return;
  url.searchParams.delete('counter');
  window.history.replaceState(window.history.state, '', url);
}
