/**
 * Card payments at the counter: bank PC-POS terminals behind one interface (Sadad's local REST
 * service so far), manual entry of any terminal's receipt, and the one gate that turns an approval
 * into a payment record. Electronic only — no cash (ماده ۱۳ تبصره ۱). See README.md.
 */
export * from './terminal';
export {
  sadadTerminal,
  SadadStatus,
  SADAD_DEFAULT_BASE_URL,
  DEFAULT_SALE_TIMEOUT_MS,
  DEFAULT_INQUIRY_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type SadadDeviceFields,
  type SadadTerminalOptions,
} from './sadad';
export { parseManualEntry, manualEntryReasons, type ManualApproval, type ManualEntryInput, type ManualEntryReason } from './manual';
export { allowedMethods, isAllowedMethod, paymentRecord, type PaymentMethod, type PaymentRecord, type PaymentRecordInput } from './record';
export { normalizeMaskedCard, maskedCardFromTerminal } from './cardMask';
