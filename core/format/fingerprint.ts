/** A certificate key fingerprint (sha256, hex) as stored: lower-case hex digits only, whatever was typed. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

/** «AB:CD:…», for people to compare with what a browser's certificate viewer shows. */
export function formatFingerprint(fingerprint: string): string {
  return (normalizeFingerprint(fingerprint).match(/../g) ?? []).join(':').toUpperCase();
}
