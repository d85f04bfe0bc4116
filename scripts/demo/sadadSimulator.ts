import http from 'node:http';
import type net from 'node:net';
import { listenOn } from './listen';

/**
 * What the simulated terminal does with the next sale (one behaviour per sale, in order; `approve`
 * when the script is empty).
 */
export type SadadBehaviour =
  /** the customer pays: charged, answered with status 4 / '00' */
  | { kind: 'approve'; rrn?: string; trace?: string; cardNo?: string; terminalId?: string }
  /** the bank refuses (default '51', insufficient funds): nothing charged */
  | { kind: 'decline'; responseCode?: string }
  /** cancel pressed on the device (status 3): nothing charged */
  | { kind: 'cancel' }
  /** the request is read and never answered; the device never charges (the service lost it) */
  | { kind: 'hang' }
  /** the device works for `delayMs` (busy meanwhile), then charges and answers — if the client still waits */
  | { kind: 'approveAfterDelay'; delayMs: number }
  /** charged and approved for `amountRials` instead of the amount asked */
  | { kind: 'mismatch'; amountRials: number }
  /** HTTP 200 with a body that is not JSON; `charged`: the device did approve before the service broke */
  | { kind: 'garbage'; charged?: boolean; body?: string }
  /** a service-level status other than 4 (0 no response, 1 max retry, 2 aborted by service, 5 internal, 6 busy) */
  | { kind: 'status'; code: number }
  /** answers with the previous approval, for another order; nothing charged now */
  | { kind: 'otherOrder' };

/**
 * What the simulated terminal does with the next reversal (`/api/Reverse`; `approve` when the script
 * is empty). An approved reversal is refused by the "bank" (response code 12, invalid transaction)
 * when the sale it names is unknown, declined, already reversed, or smaller than the amount.
 */
export type SadadReversalBehaviour =
  /** the money goes back to the card: answered with status 4 / '00' */
  | { kind: 'approve' }
  /** the bank refuses the reversal (default '12'): nothing credited */
  | { kind: 'decline'; responseCode?: string }
  /** the request is read and never answered; `credited`: the device did reverse before the answer was lost */
  | { kind: 'hang'; credited?: boolean }
  /** a service-level status other than 4 (0, 1, 2, 3, 5, 6) */
  | { kind: 'status'; code: number };

/** A transaction the device completed with the bank. */
export interface DeviceTransaction {
  /** a sale takes money from the card, a reversal gives a sale's back */
  type?: 'Sale' | 'Reverse';
  /** a reversal: the RRN of the sale it gave back */
  reverses?: string;
  orderId: string;
  amountRials: number;
  responseCode: string;
  rrn: string;
  trace: string;
  cardNo: string;
}

export interface SeenRequest {
  path: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

const STATUS_NAMES: Record<number, string> = {
  0: 'NoResponse',
  1: 'MaxRetryError',
  2: 'AbortedByService',
  3: 'AbortedByDeviceUser',
  4: 'Connected',
  5: 'InternalError',
  6: 'ConcurrentRequestError',
};

/**
 * Sadad's PcPos REST Service on 127.0.0.1 (an ephemeral port, or the one given), for tests and for
 * `npm start -- --demo-terminal <port>` (scripts/demo/terminal.ts): `POST /api/Sale` and
 * `POST /api/Search` with the field names of Sadad's service page and of a public typed client
 * (Shardo.PcPos.Sadad): PcPosStatusCode, ResponseCode, Amount as a string, Rrn, TransactionNo,
 * TerminalId, CardNo, OrderId. Search results carry no TerminalId, as in that client's model.
 *
 * It keeps every request and every transaction the device completed, so a test can assert the
 * customer was charged exactly once. While a delayed sale is in progress the device is busy: a
 * search or another sale gets status 6 (ConcurrentRequestError), as a real device serves one
 * transaction at a time.
 */
export class SadadSimulator {
  private server: http.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly script: SadadBehaviour[] = [];
  private readonly reversalScript: SadadReversalBehaviour[] = [];
  private pendingSales = 0;
  private idleWaiters: (() => void)[] = [];
  private inFlight = 0;
  private searchesHang = false;
  private serial = 0;
  /** every request received, in order (bad ones included) */
  readonly requests: SeenRequest[] = [];
  /** every transaction the device completed, declined ones included */
  readonly transactions: DeviceTransaction[] = [];
  /** the most sales handled at the same moment */
  maxConcurrentSales = 0;
  readonly terminalId: string;
  port = 0;

  private readonly defaultBehaviour: SadadBehaviour;

  /** `defaultBehaviour`: what a sale does when nothing is scripted (tests: approve at once) */
  constructor(options: { terminalId?: string; defaultBehaviour?: SadadBehaviour } = {}) {
    this.terminalId = options.terminalId ?? 'C0000301';
    this.defaultBehaviour = options.defaultBehaviour ?? { kind: 'approve' };
  }

  async start(port = 0): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.port = await listenOn(server, port);
    this.server = server;
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops listening and drops every connection; `port` stays, so a client can be refused on it. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Scripts the next sales. */
  next(...behaviours: SadadBehaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  /** Scripts the next reversals. */
  nextReversal(...behaviours: SadadReversalBehaviour[]): this {
    this.reversalScript.push(...behaviours);
    return this;
  }

  /** Searches are read and never answered (the service is stuck). */
  hangSearches(on = true): void {
    this.searchesHang = on;
  }

  get sales(): SeenRequest[] {
    return this.requests.filter((r) => r.path === '/api/Sale');
  }

  get searches(): SeenRequest[] {
    return this.requests.filter((r) => r.path === '/api/Search');
  }

  get reverseRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.path === '/api/Reverse');
  }

  /** Approved transactions: money taken from a card. */
  get charges(): DeviceTransaction[] {
    return this.transactions.filter((t) => t.responseCode === '00' && t.type !== 'Reverse');
  }

  /** Approved reversals: money given back to a card. */
  get reversals(): DeviceTransaction[] {
    return this.transactions.filter((t) => t.responseCode === '00' && t.type === 'Reverse');
  }

  /** The approved reversals of the sale with this RRN (a test asserts there is never more than one). */
  reversalsOf(saleRrn: string): DeviceTransaction[] {
    return this.reversals.filter((t) => t.reverses === saleRrn);
  }

  chargesFor(orderId: string): DeviceTransaction[] {
    return this.charges.filter((t) => t.orderId === orderId);
  }

  /** Resolves once no delayed sale is in progress. */
  idle(): Promise<void> {
    if (this.pendingSales === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0]!;
    const text = await readBody(req);
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      this.requests.push({ path, contentType: req.headers['content-type'], body: {} });
      return void reply(res, 400, { Message: 'The request is invalid.' });
    }
    this.requests.push({ path, contentType: req.headers['content-type'], body });

    if (req.method !== 'POST') return void reply(res, 405, { Message: 'POST only' });
    if (path === '/api/Sale') return this.sale(body, res);
    if (path === '/api/Search') return this.search(body, res);
    if (path === '/api/Reverse') return this.reverse(body, res);
    reply(res, 404, { Message: `No HTTP resource was found that matches ${path}` });
  }

  private async sale(body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    const amount = typeof body.Amount === 'string' && /^\d+$/.test(body.Amount) ? Number(body.Amount) : NaN;
    const orderId = typeof body.OrderId === 'string' ? body.OrderId : '';
    if (!Number.isSafeInteger(amount) || amount <= 0 || orderId === '') return void reply(res, 400, { Message: 'Amount and OrderId are required.' });
    if (this.pendingSales > 0) return void reply(res, 200, status(6, orderId));

    this.inFlight++;
    this.maxConcurrentSales = Math.max(this.maxConcurrentSales, this.inFlight);
    res.once('close', () => this.inFlight--);

    const behaviour = this.script.shift() ?? this.defaultBehaviour;
    switch (behaviour.kind) {
      case 'approve': {
        const t = this.complete(orderId, amount, '00', behaviour);
        return void reply(res, 200, this.transactionAnswer(t, orderId, behaviour.terminalId));
      }
      case 'decline': {
        const t = this.complete(orderId, amount, behaviour.responseCode ?? '51');
        return void reply(res, 200, this.transactionAnswer(t, orderId));
      }
      case 'cancel':
        return void reply(res, 200, status(3, orderId));
      case 'hang':
        return; // never answered; the client gives up
      case 'approveAfterDelay': {
        this.pendingSales++;
        setTimeout(() => {
          const t = this.complete(orderId, amount, '00');
          this.pendingSales--;
          if (this.pendingSales === 0) for (const wake of this.idleWaiters.splice(0)) wake();
          if (!res.destroyed) reply(res, 200, this.transactionAnswer(t, orderId));
        }, behaviour.delayMs);
        return;
      }
      case 'mismatch': {
        const t = this.complete(orderId, behaviour.amountRials, '00');
        return void reply(res, 200, this.transactionAnswer(t, orderId));
      }
      case 'garbage':
        if (behaviour.charged) this.complete(orderId, amount, '00');
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end(behaviour.body ?? '<html><body>Internal error</body></html>');
      case 'status':
        return void reply(res, 200, status(behaviour.code, orderId));
      case 'otherOrder': {
        const last = this.charges.at(-1) ?? { orderId: 'OTHER-1', amountRials: amount, responseCode: '00', rrn: '000000000001', trace: '000001', cardNo: '603799******0001' };
        return void reply(res, 200, this.transactionAnswer(last, last.orderId));
      }
    }
  }

  /**
   * `/api/Reverse` { Amount, OrderId (the reversal's own), OriginalOrderId, OriginalRrn / Rrn (the
   * sale's), … }: answered like a sale, the reversal's own RRN and trace; found by `/api/Search` under
   * its order id with TransactionType 'Reverse'.
   */
  private reverse(body: Record<string, unknown>, res: http.ServerResponse): void {
    const amount = typeof body.Amount === 'string' && /^\d+$/.test(body.Amount) ? Number(body.Amount) : NaN;
    const orderId = typeof body.OrderId === 'string' ? body.OrderId : '';
    const saleRrn = typeof body.OriginalRrn === 'string' ? body.OriginalRrn : typeof body.Rrn === 'string' ? body.Rrn : '';
    if (!Number.isSafeInteger(amount) || amount <= 0 || orderId === '' || saleRrn === '') return void reply(res, 400, { Message: 'Amount, OrderId and Rrn are required.' });
    if (this.pendingSales > 0) return void reply(res, 200, status(6, orderId));
    const behaviour = this.reversalScript.shift() ?? { kind: 'approve' };
    const refusal = (): string | null => {
      const sale = this.charges.find((t) => t.rrn === saleRrn);
      if (!sale || sale.amountRials < amount || this.reversalsOf(saleRrn).length > 0) return '12';
      return null;
    };
    switch (behaviour.kind) {
      case 'approve': {
        const t = this.complete(orderId, amount, refusal() ?? '00', {}, { type: 'Reverse', reverses: saleRrn });
        return void reply(res, 200, { ...this.transactionAnswer(t, orderId), PacketType: 'Reverse' });
      }
      case 'decline': {
        const t = this.complete(orderId, amount, behaviour.responseCode ?? '12', {}, { type: 'Reverse', reverses: saleRrn });
        return void reply(res, 200, { ...this.transactionAnswer(t, orderId), PacketType: 'Reverse' });
      }
      case 'hang':
        if (behaviour.credited) this.complete(orderId, amount, refusal() ?? '00', {}, { type: 'Reverse', reverses: saleRrn });
        return;
      case 'status':
        return void reply(res, 200, status(behaviour.code, orderId));
    }
  }

  private search(body: Record<string, unknown>, res: http.ServerResponse): void {
    const orderId = typeof body.OrderId === 'string' ? body.OrderId : '';
    if (orderId === '') return void reply(res, 400, { Message: 'OrderId is required.' });
    if (this.searchesHang) return;
    if (this.pendingSales > 0) return void reply(res, 200, status(6, orderId));
    const found = this.transactions.filter((t) => t.orderId === orderId);
    reply(res, 200, {
      OrderId: orderId,
      PcPosStatus: STATUS_NAMES[4],
      PcPosStatusCode: 4,
      Transactions: found.map((t) => ({
        Amount: String(t.amountRials),
        CardNo: t.cardNo,
        ResponseCode: t.responseCode,
        Rrn: t.rrn,
        TransactionNo: t.trace,
        TransactionDate: '1403/05/12',
        TransactionTime: '10:15:00',
        TransactionType: t.type ?? 'Sale',
        OrderId: t.orderId,
      })),
    });
  }

  private complete(
    orderId: string,
    amountRials: number,
    responseCode: string,
    fields: { rrn?: string; trace?: string; cardNo?: string } = {},
    kind: Pick<DeviceTransaction, 'type' | 'reverses'> = {},
  ): DeviceTransaction {
    this.serial++;
    const t: DeviceTransaction = {
      ...kind,
      orderId,
      amountRials,
      responseCode,
      rrn: fields.rrn ?? String(440_000_000_000 + this.serial),
      trace: fields.trace ?? String(100_000 + this.serial),
      cardNo: fields.cardNo ?? '603799******1234',
    };
    this.transactions.push(t);
    return t;
  }

  private transactionAnswer(t: DeviceTransaction, orderId: string, terminalId = this.terminalId): Record<string, unknown> {
    return {
      Amount: String(t.amountRials),
      ApprovalCode: t.responseCode === '00' ? '123456' : '',
      CardNo: t.cardNo,
      Merchant: '000000000000301',
      OptionalField: '',
      OrderId: orderId,
      PacketType: 'Sale',
      PcPosStatus: STATUS_NAMES[4],
      PcPosStatusCode: 4,
      ProcessingCode: '000000',
      ResponseCode: t.responseCode,
      ResponseCodeMessage: t.responseCode === '00' ? 'تراکنش موفق' : 'عدم موجودی کافی',
      Rrn: t.rrn,
      SaleId: orderId,
      TerminalId: terminalId,
      TransactionDate: '1403/05/12',
      TransactionNo: t.trace,
      TransactionTime: '10:15:00',
    };
  }
}

function status(code: number, orderId: string): Record<string, unknown> {
  return { OrderId: orderId, PcPosStatus: STATUS_NAMES[code] ?? 'Unknown', PcPosStatusCode: code };
}

function reply(res: http.ServerResponse, code: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
