/**
 * Dynamic Web TWAIN (Dynamsoft), for TWAIN/WIA scanners on a Windows counter PC: a stub that tells the
 * truth. It checks that the Dynamic Web TWAIN Service answers on this PC and that a licence key is
 * configured, and says which of the two is missing. It does not scan: the service's REST API (scanner
 * list, scan jobs, next page) is not wired up, because it cannot be tested here (no service, no
 * licence). Once both are present every call ends in UNSUPPORTED, never in an empty success.
 *
 * Dynamsoft documents the service's REST root as http://127.0.0.1:18622/api (https on 18623); the
 * ports can be changed in the service's DSConfiguration.ini.
 */
import { exchange, HttpFailure } from './esclHttp';
import { ScannerError, type ScanSettings, type RawPage, type ScannerCapabilities, type ScannerDevice, type ScannerDriver } from './types';

export const DWT_DEFAULT_SERVICE_URL = 'http://127.0.0.1:18622/api';

export interface DwtDriverOptions {
  /** Dynamsoft's product key; without it nothing can scan */
  readonly licenceKey?: string;
  /** the service's REST root (default DWT_DEFAULT_SERVICE_URL) */
  readonly serviceUrl?: string;
  /** bound on the probe (default 2 s) */
  readonly timeoutMs?: number;
}

export class DwtDriver implements ScannerDriver {
  readonly kind = 'dwt' as const;
  readonly #o: DwtDriverOptions;

  constructor(options: DwtDriverOptions = {}) {
    this.#o = options;
  }

  /** Throws DRIVER_MISSING (no service), LICENCE_MISSING (no key) or UNSUPPORTED (both there: not built). */
  async #probe(signal?: AbortSignal): Promise<never> {
    const root = new URL(this.#o.serviceUrl ?? DWT_DEFAULT_SERVICE_URL);
    const version = new URL(`${root.href.replace(/\/+$/, '')}/server/version`);
    try {
      const answer = await exchange({ method: 'GET', url: version, timeoutMs: this.#o.timeoutMs ?? 2_000, maxBytes: 64 * 1024, signal });
      if (answer.status !== 200) {
        throw new ScannerError('DRIVER_MISSING', `${version.origin} answered HTTP ${answer.status}: not the Dynamic Web TWAIN Service`);
      }
    } catch (err) {
      if (err instanceof ScannerError) throw err;
      if (err instanceof HttpFailure && err.kind === 'aborted') throw new ScannerError('CANCELLED', 'cancelled');
      throw new ScannerError('DRIVER_MISSING', `the Dynamic Web TWAIN Service does not answer at ${root.origin}`, { cause: err });
    }
    if (!this.#o.licenceKey?.trim()) throw new ScannerError('LICENCE_MISSING', 'no Dynamic Web TWAIN licence key is configured');
    throw new ScannerError('UNSUPPORTED', 'scanning through Dynamic Web TWAIN is not implemented yet (service and licence found)');
  }

  listDevices(signal?: AbortSignal): Promise<ScannerDevice[]> {
    return this.#probe(signal);
  }

  capabilities(_deviceId: string, signal?: AbortSignal): Promise<ScannerCapabilities> {
    return this.#probe(signal);
  }

  async *scan(_deviceId: string, _settings: ScanSettings, signal?: AbortSignal): AsyncGenerator<RawPage> {
    await this.#probe(signal);
  }
}
