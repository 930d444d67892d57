import { parsePhone } from '../talents/phone';

/**
 * The contact phone of a 管理变更申请表 (004 附件3): a union office is often
 * reached on a landline (the policy's own contact is 62307008), so unlike a
 * person's phone a landline with or without its area code is accepted.
 */
export type ContactPhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

const LANDLINE_RE = /^(0\d{2,3})?[2-9]\d{6,7}$/;

export function parseContactPhone(raw: string): ContactPhoneResult {
  const mobile = parsePhone(raw);
  if (mobile.ok) return mobile;
  const digits = raw.trim().replace(/[\s()（）-]+/g, '').replace(/^\+86/, '');
  if (LANDLINE_RE.test(digits)) return { ok: true, phone: digits };
  return { ok: false, reason: 'contactPhone must be a mainland mobile number or a landline, area code optional (e.g. 021-62307008)' };
}

/** '13812345678' → '138****5678', '02162307008' → '021****7008', '62307008' → '****7008'. */
export function maskContactPhone(phone: string): string {
  const last4 = phone.slice(-4);
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${last4}` : `****${last4}`;
}
