/**
 * Scanner drivers behind one interface (types.ts): SANE, eSCL/AirScan (+ discovery; the eSCL simulator is one of the demo simulators, not here),
 * a watched folder, file import, and TWAIN/WIA through the Dynamic Web TWAIN Service. See README.md.
 */
export * from './types';
export { SaneDriver, type SaneDriverOptions } from './sane';
export { parseSaneDeviceList, parseSaneOptions, saneCapabilities } from './saneOptions';
export { EsclDriver, esclRoot, MAX_PAGE_BYTES, MAX_XML_BYTES, type EsclDriverOptions } from './escl';
export { parseEsclCapabilities, parseEsclStatus, toScannerCapabilities, type EsclCapabilities, type EsclStatus } from './esclXml';
export { discoverEsclScanners, devicesFromRecords, manualScannerAddress, ESCL_SERVICES, type DiscoverOptions } from './discovery';
export { FolderDriver, DONE_DIR, REFUSED_DIR, type FolderDriverOptions, type WatchedFolder } from './folder';
export {
  importFile,
  importBuffer,
  checkFileName,
  importExtensions,
  DEFAULT_IMPORT_LIMITS,
  type ImportLimits,
  type ImportOptions,
} from './importFile';
export { DwtDriver, DWT_DEFAULT_SERVICE_URL, DWT_DEFAULT_SERVICE_HTTPS_URL, DWT_MAX_PAGE_BYTES, DWT_WINDOWS_SCANNER_TYPES, type DwtDriverOptions } from './dwt';
