/** Number formatting shared by the manifest writers. Pure. */

/** Seconds with 3 to 6 decimals, trailing zeros trimmed: 2 → `2.000`, 2.0053333 → `2.005333`. */
export function formatSec(sec: number): string {
  const fixed = sec.toFixed(6);
  return fixed.replace(/(\.\d{3}\d*?)0+$/, '$1');
}

/** ISO 8601 duration in seconds for DASH: 120.0213 → `PT120.021S`. */
export function isoDurationSec(sec: number): string {
  return `PT${Number(sec.toFixed(3))}S`;
}

/** HLS FRAME-RATE: three decimals. */
export function formatFrameRate(fps: number): string {
  return fps.toFixed(3);
}

/** DASH frameRate: an integer, `N/1001` for NTSC-style rates, else three decimals. */
export function dashFrameRate(fps: number): string {
  if (Math.abs(fps - Math.round(fps)) < 0.001) return String(Math.round(fps));
  const ntsc = (fps * 1001) / 1000;
  if (Math.abs(ntsc - Math.round(ntsc)) < 0.001) return `${Math.round(ntsc) * 1000}/1001`;
  return fps.toFixed(3);
}

/** `seg-00007.m4s` for segment 7. */
export function segmentName(number: number): string {
  return `seg-${String(number).padStart(5, '0')}.m4s`;
}

/** XML attribute escaping. */
export function xmlAttr(value: string | number): string {
  return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
