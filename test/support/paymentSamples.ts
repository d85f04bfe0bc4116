/**
 * One card payment of 1,250,000 rials as a terminal approves it, for the payment tests
 * (native/payment/*.test.ts): the fields printed on the terminal's slip, and the approval with its time.
 */
import type { TerminalApproval } from '../../native/payment/terminal';

export const sampleSlip = {
  amountRials: 1_250_000,
  rrn: '412345678901',
  trace: '654321',
  terminalId: 'C0000301',
  maskedCard: '603799******1234',
  responseCode: '00',
} as const;

export const sampleApproval: TerminalApproval = { ...sampleSlip, approvedAt: '2025-03-01T08:30:00.000Z' };
