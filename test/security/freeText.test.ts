import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { procedures } from '../../core/api/contract';
import { setUpHub } from '../support/hub';

// Finding: RTL overrides and zero-width-only values were refused in applicant names but accepted in
// staff display names, party names, discount reasons, certificate fields… Every free-text field of
// the contract now goes through one rule (core/text/freeText.ts). This walks every procedure's input
// schema down to its string fields, so a field added later is checked without being listed here.

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const CONTAINERS = new Set(['object', 'array', 'optional', 'nullable', 'default', 'union', 'record', 'lazy', 'intersection', 'readonly', 'catch', 'prefault', 'nonoptional']);

/** Every leaf of an input schema (a field that is not an object, array, union or wrapper), with its path. */
function leaves(schema: z.ZodType, path: string, out: Array<[string, z.ZodType]> = []): Array<[string, z.ZodType]> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) leaves(value, `${path}.${key}`, out);
      break;
    case 'array':
      leaves(def.element as z.ZodType, `${path}[]`, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'catch':
    case 'prefault':
    case 'nonoptional':
      leaves(def.innerType as z.ZodType, path, out);
      break;
    case 'union':
      (def.options as z.ZodType[]).forEach((option, i) => {
        const kind = defOf(option).type === 'object' ? (defOf(option).shape as Record<string, z.ZodType>).kind : undefined;
        const literal = kind && defOf(kind).type === 'literal' ? (defOf(kind).values as unknown[])[0] : undefined;
        leaves(option, `${path}${literal === undefined ? `|${i}` : `[kind=${String(literal)}]`}`, out);
      });
      break;
    case 'record':
      leaves(def.valueType as z.ZodType, `${path}{}`, out);
      break;
    case 'lazy':
      leaves((def.getter as () => z.ZodType)(), path, out);
      break;
    case 'intersection':
      leaves(def.left as z.ZodType, path, out);
      leaves(def.right as z.ZodType, path, out);
      break;
    case 'pipe': {
      // z.preprocess(f, inner) and x.transform(f): look through to the container, if that is one
      const inner = defOf(def.in).type === 'transform' ? (def.out as z.ZodType) : (def.in as z.ZodType);
      if (CONTAINERS.has(defOf(inner).type)) leaves(inner, path, out);
      else out.push([path, schema]);
      break;
    }
    default:
      out.push([path, schema]);
  }
  return out;
}

/** String fields that are not free text, and why: what is typed there is never stored or shown as typed. */
const NOT_FREE_TEXT: Record<string, string> = {
  'setup.createOffice.manager.password': 'a password is hashed exactly as typed and never shown',
  'auth.login.password': 'a password',
  'auth.changePassword.current': 'a password',
  'auth.changePassword.next': 'a password',
  'auth.unlock.password': 'a password',
  'auth.totpDisable.password': 'a password',
  'staff.create.password': 'a password',
  'staff.resetPassword.password': 'a password',
  'refund.reverse.approval.password': 'the approving manager’s password',
  'refund.manual.approval.password': 'the approving manager’s password',
  'auth.pair.code': 'a pairing code: read as 12 digits by native/lan/pairingCode.ts',
  'setup.createOffice.setupCode': 'the one-time setup code from the hub\'s console: read as 12 digits like a pairing code',
  'queue.checkInBooking.code': 'a booking code: looked up, never stored as typed',
  'queue.checkInBooking.nationalId': 'a national id: read as 10 digits',
  'applicant.find.id': 'an identity number: read by the identity checks of core/identity/',
  'search.requests.query|0.text': 'search text: read by core/text/searchText.ts (direction marks and invisible characters stripped, any digits made Latin) so a pasted id finds its request (issue: RTL overrides find what was typed); never stored or shown as typed',
  'search.requests.query[kind=dateRange].from': 'a Jalali day typed for a search: read as a date (core/text/searchText.ts, then the calendar), never stored or shown as typed',
  'search.requests.query[kind=dateRange].to': 'a Jalali day typed for a search: read as a date, never stored or shown as typed',
  'applicant.save[kind=foreign].passportNumber': 'a passport number: direction marks are separators, taken out (core/identity/foreign.ts)',
  'request.open.legalDeadline': 'a Jalali day: read by core/request/legalDeadline.ts',
  'request.setDeadline.legalDeadline': 'a Jalali day: read by core/request/legalDeadline.ts',
  'payment.manual.approval.amountRials|1': 'an amount: read by core/text/digits.ts readWholeNumber',
  'payment.manual.approval.rrn': 'digits: read by native/payment/manual.ts',
  'payment.manual.approval.trace': 'digits: read by native/payment/manual.ts',
  'payment.manual.approval.terminalId': 'letters and digits: read by native/payment/manual.ts',
  'payment.manual.approval.maskedCard': 'a masked card number: read by native/payment/cardMask.ts',
  'payment.manual.approval.responseCode': 'digits: read by native/payment/manual.ts',
  'payment.manual.approval.approvedAt': 'an ISO instant: read by native/payment/manual.ts',
  'scanner.set.setting.deviceId': 'a scanner picked from the list (a SANE name, an eSCL URL, a folder path): passed to the driver byte for byte',
  'scanner.devices.address': 'a scanner address to probe, never stored',
};

/** Plain text of several lengths: a field that takes none of these is not free text (ids, codes, digits). */
const PLAIN = ['A', 'ab', 'علی', 'علی رضایی', 'دلیل لغو درخواست متقاضی', 'Office 12'];
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const CONTROLS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u200b', '\ufeff', '\udb40\udc41'];
const INVISIBLE_ONLY = ['\u200b', '\u200c', '\u200d', '\u200c\u200c\u200c', '\u200e', '\u200f\u200c', '\u061c', '\u2060', '\ufeff', ' \u200b ', '\u00ad', '\u3164'];

/** `c` between visible characters (not at an end, where trimming would take a BOM away anyway). */
const inside = (text: string, c: string) => (text.length < 2 ? text + c + text : text.slice(0, Math.ceil(text.length / 2)) + c + text.slice(Math.ceil(text.length / 2)));

const allLeaves = Object.entries(procedures).flatMap(([name, def]) => leaves(def.input as z.ZodType, name));
const freeTextFields = allLeaves.filter(([path, schema]) => !(path in NOT_FREE_TEXT) && PLAIN.some((p) => schema.safeParse(p).success));

describe('every free-text field of the contract', () => {
  it('is found by the walk: the fields of the finding are among them', () => {
    const paths = freeTextFields.map(([p]) => p);
    for (const expected of [
      'setup.createOffice.office.name',
      'setup.createOffice.office.city',
      'setup.createOffice.manager.displayName',
      'staff.create.displayName',
      'staff.update.displayName',
      'staff.create.certificate.number',
      'staff.create.certificate.issuer',
      'staff.setActive.reason',
      'request.setDetails.details.parties[].name',
      'request.fixFees.discount.reason',
      'request.waivePayment.reason',
      'request.close.reason',
      'applicant.save[kind=legalEntity].name',
      'applicant.save[kind=natural].firstName',
      'device.issueCode.name',
      'device.revoke.reason',
      'queue.callOutOfTurn.note',
      'capture.match|1.reason',
    ]) {
      expect(paths).toContain(expected);
    }
    // and the list of exceptions names fields that exist
    const all = new Set(allLeaves.map(([p]) => p));
    for (const path of Object.keys(NOT_FREE_TEXT)) expect(all, path).toContain(path);
  });

  it.each(freeTextFields)('%s refuses a direction override, embedding or isolate', (_path, schema) => {
    for (const plain of PLAIN.filter((p) => schema.safeParse(p).success)) {
      for (const c of BIDI) expect(schema.safeParse(inside(plain, c)).success, `${JSON.stringify(inside(plain, c))}`).toBe(false);
    }
  });

  it.each(freeTextFields)('%s refuses a value made only of invisible characters', (_path, schema) => {
    for (const raw of INVISIBLE_ONLY) expect(schema.safeParse(raw).success, JSON.stringify(raw)).toBe(false);
  });

  it.each(freeTextFields)('%s refuses C0/C1 controls and invisible format characters inside text', (_path, schema) => {
    for (const plain of PLAIN.filter((p) => schema.safeParse(p).success)) {
      for (const c of CONTROLS) expect(schema.safeParse(inside(plain, c)).success, JSON.stringify(inside(plain, c))).toBe(false);
    }
  });
});

describe('through the hub', () => {
  let t: Awaited<ReturnType<typeof setUpHub>>;
  beforeAll(async () => {
    t = await setUpHub();
  });
  afterAll(() => t.close());

  it('refuses a staff display name with a right-to-left override, naming the field, and stores nothing', async () => {
    const res = await t.call(
      'staff.create',
      { displayName: 'رضا \u202eیدمحا', username: 'reza', role: 'manager', nationalId: '0013542419', certificate: null, password: 'Sabz-Kuh-1403' },
      t.managerSession,
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'displayName', reason: 'invalid_characters' }] } });
    expect(t.db.prepare("SELECT count(*) FROM staff WHERE username = 'reza'").pluck().get()).toBe(0);
  });

  it('refuses a display name of zero-width characters only, and keeps a half-space inside a name', async () => {
    const res = await t.call('staff.update', { staffId: 1, displayName: '\u200c\u200b', role: 'manager', nationalId: '0013542419', certificate: null }, t.managerSession);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'displayName', reason: 'invalid_characters' }] } });
    const kept = await t.ok('staff.update', { staffId: 1, displayName: 'مریم احمدی\u200cنیا', role: 'manager', nationalId: '0013542419', certificate: null }, t.managerSession);
    expect(kept.staff.displayName).toBe('مریم احمدی\u200cنیا');
  });
});
