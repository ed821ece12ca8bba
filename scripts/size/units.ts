// Byte counts as the size report prints them.

export const BYTES_PER_KIB = 1024;

/** `42188` → `"41.2 KiB"`. */
export function formatKiB(bytes: number): string {
  return `${(bytes / BYTES_PER_KIB).toFixed(1)} KiB`;
}
