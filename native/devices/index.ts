/** This workstation's devices, per kind, for the device agent to report (see README.md). */
export {
  listLocalDevices,
  listLocalPrinters,
  localDevicesSchema,
  localPrinterSchema,
  localScannerSchema,
  deviceProblemSchema,
  type DeviceProblem,
  type ListDevicesOptions,
  type ListPrintersOptions,
  type LocalDevices,
  type LocalPrinter,
} from './localDevices';
