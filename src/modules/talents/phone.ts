/**
 * Mainland China mobile numbers: 11 digits, 1 then 3-9. Landlines and numbers
 * outside the mainland are refused, as SMS and roster contacts need a mobile.
 */

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

const MOBILE_RE = /^1[3-9]\d{9}$/;

/** Accepts an optional +86 / 86 prefix and spaces or dashes, e.g. '+86 138-1234-5678'; yields the bare 11 digits. */
export function parsePhone(raw: string): PhoneResult {
  let digits = raw.trim().replace(/[\s-]+/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  // A bare mobile number begins with 1, so a leading 86 on 13 digits can only be the country code.
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!MOBILE_RE.test(digits)) {
    return { ok: false, reason: 'phone must be a mainland China mobile number: 11 digits starting 13-19' };
  }
  return { ok: true, phone: digits };
}

export function isMobilePhone(raw: string): boolean {
  return parsePhone(raw).ok;
}

/** '13812345678' → '138****5678'; a value that is not a mobile number is starred whole so nothing leaks. */
export function maskPhone(phone: string): string {
  const parsed = parsePhone(phone);
  if (!parsed.ok) return '*'.repeat(phone.length);
  return `${parsed.phone.slice(0, 3)}****${parsed.phone.slice(-4)}`;
}
