import { useMemo } from 'react';
import QRCode from 'qrcode';

/** ISO/IEC 18004 asks for a 4-module light border so phones find the code. */
const QUIET = 4;

/**
 * A QR code drawn as one SVG path (no image, no inline style: the CSP allows it as it is). Level M,
 * as on the printed ticket.
 */
export function TicketQr({ text, label, className }: { text: string; label: string; className?: string }) {
  const { size, d } = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    let path = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) path += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
      }
    }
    return { size: modules.size + 2 * QUIET, d: path };
  }, [text]);
  return (
    <svg className={className} role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges" data-qr-text={text}>
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
