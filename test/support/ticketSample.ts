/** The queue ticket the ticket-printing tests print (native/printing/ticket*.test.ts): a long office name, Persian digits. */
import type { TicketToPrint } from '../../native/printing/ticketImage';

export const sampleTicket: TicketToPrint = {
  officeName: 'دفتر خدمات الکترونیک قضایی کد ۱۲۳۴۵ — تهران، ونک',
  serviceName: 'ثبت دادخواست و شکوائیه',
  number: 'ب-۰۴۷',
  issuedAt: '2026-11-28T06:35:12.000Z',
  peopleAhead: 3,
  estimatedWaitMinutes: 10,
  ticketId: '3f2a9c4e-1b7d-4e2a-9f00-7c1d2e3f4a5b',
};
