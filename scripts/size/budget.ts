// The core's gzip budget: read from package.json's `"sizeBudget"`, checked against a measurement. Pure.
import { BYTES_PER_KIB, formatKiB } from './units.js';

export type BudgetRead =
  | { readonly ok: true; readonly coreGzipBytes: number }
  | { readonly ok: false; readonly error: string };

export interface BudgetVerdict {
  readonly withinBudget: boolean;
  /** One line for the terminal. */
  readonly message: string;
}

const FIELD = '"sizeBudget": { "coreGzipBytes": <bytes> }';

/** Reads `sizeBudget.coreGzipBytes` from a parsed package.json; an error unless it is a positive integer. */
export function readBudget(packageJson: unknown): BudgetRead {
  const sizeBudget = isRecord(packageJson) ? packageJson['sizeBudget'] : undefined;
  if (sizeBudget === undefined) {
    return { ok: false, error: `package.json has no size budget: add ${FIELD} (npm run bench:size prints a suggestion).` };
  }
  const coreGzipBytes = isRecord(sizeBudget) ? sizeBudget['coreGzipBytes'] : undefined;
  if (typeof coreGzipBytes !== 'number' || !Number.isInteger(coreGzipBytes) || coreGzipBytes <= 0) {
    return {
      ok: false,
      error: `package.json "sizeBudget.coreGzipBytes" must be a positive integer (bytes), got ${JSON.stringify(coreGzipBytes) ?? 'undefined'}; expected ${FIELD}.`,
    };
  }
  return { ok: true, coreGzipBytes };
}

/** Passes when the core's gzip size is at most the budget. */
export function checkBudget(coreGzipBytes: number, budgetBytes: number): BudgetVerdict {
  if (coreGzipBytes <= budgetBytes) {
    return { withinBudget: true, message: `core ${formatKiB(coreGzipBytes)} gzip ≤ budget ${formatKiB(budgetBytes)}` };
  }
  return {
    withinBudget: false,
    message:
      `core ${formatKiB(coreGzipBytes)} gzip > budget ${formatKiB(budgetBytes)}: ${coreGzipBytes - budgetBytes} bytes over. ` +
      'Shrink the core (move code behind a lazy import) or raise package.json "sizeBudget.coreGzipBytes" on purpose.',
  };
}

/** A budget with 10% headroom over `coreGzipBytes`, rounded up to a whole KiB. */
export function suggestBudget(coreGzipBytes: number): number {
  return Math.ceil((coreGzipBytes * 1.1) / BYTES_PER_KIB) * BYTES_PER_KIB;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
