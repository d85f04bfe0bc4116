/**
 * The policy for a password a person is given or chooses (docs/LOGIN.md): at least 8 characters
 * (the schema's `newPassword`), a letter and a digit, not a well-known one, and not the person's
 * username or national id. Returns the field reason for the first rule broken, or null.
 */
const common = new Set(['password', 'password1', '12345678', '123456789', '1234567890', 'qwerty123', '1q2w3e4r', 'iloveyou1', 'admin123', 'abc12345']);

export type PasswordProblem = 'needs_letter_and_digit' | 'too_common' | 'contains_username' | 'contains_national_id';

export function passwordProblem(password: string, who: { username: string; nationalId?: string | null }): PasswordProblem | null {
  const lower = password.toLowerCase();
  if (who.username && lower.includes(who.username.toLowerCase())) return 'contains_username';
  if (who.nationalId && password.includes(who.nationalId)) return 'contains_national_id';
  if (common.has(lower)) return 'too_common';
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return 'needs_letter_and_digit';
  return null;
}
