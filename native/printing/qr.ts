import QRCode from 'qrcode';
import { blankBitmap, fillRect, type Bitmap } from './raster';

/** ISO/IEC 18004 asks for a 4-module white border so scanners find the code. */
const QUIET_ZONE_MODULES = 4;

/**
 * A QR code as dots: `moduleDots` dots per module side, quiet zone included. Drawn module by
 * module at the target scale — no intermediate image to resize, so edges stay sharp.
 */
export function qrBitmap(text: string, moduleDots: number): Bitmap {
  // Level M (~15 % recoverable): a thermal print smudges and fades; a ticket id stays short.
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 2 * QUIET_ZONE_MODULES) * moduleDots;
  const bitmap = blankBitmap(side, side);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) {
        const x = (col + QUIET_ZONE_MODULES) * moduleDots;
        const y = (row + QUIET_ZONE_MODULES) * moduleDots;
        fillRect(bitmap, x, y, moduleDots, moduleDots);
      }
    }
  }
  return bitmap;
}
