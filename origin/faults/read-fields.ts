import { FaultError } from './errors.js';
import type { FaultRule, FileKind } from './types.js';

/** Field readers shared by the JSON and CLI rule parsers: each checks one value and throws FaultError. Pure. */

export const FILE_KINDS: readonly FileKind[] = ['manifest', 'init', 'media', 'audio', 'text', 'thumbnail', 'other'];

export function readKinds(values: readonly unknown[], field: string): FileKind[] {
  if (values.length === 0) throw new FaultError('BAD_KIND', `${field} lists no kind`, { field });
  return values.map((value) => {
    if (typeof value !== 'string' || !(FILE_KINDS as readonly string[]).includes(value)) {
      throw new FaultError('BAD_KIND', `${field}: unknown kind ${JSON.stringify(value)}; use ${FILE_KINDS.join(', ')}`, { field });
    }
    return value as FileKind;
  });
}

export function readRungs(values: readonly unknown[], field: string): string[] {
  if (values.length === 0) throw new FaultError('OUT_OF_RANGE', `${field} lists no rung`, { field });
  return values.map((value) => {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
      throw new FaultError('OUT_OF_RANGE', `${field}: not a rung id: ${JSON.stringify(value)}`, { field });
    }
    return value;
  });
}

/**
 * A string of 1 to `maxLength` characters that `pattern` accepts (when given), or undefined when
 * absent; throws FaultError `BAD_TEXT` (`NOT_A_NUMBER` is for numbers; a non-string is `BAD_TEXT` too).
 */
export function readText(value: unknown, field: string, maxLength: number, pattern?: { test: RegExp; expected: string }): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new FaultError('BAD_TEXT', `${field} must be a string, got ${JSON.stringify(value) ?? typeof value}`, { field });
  if (value === '' || value.length > maxLength) throw new FaultError('BAD_TEXT', `${field} must be 1 to ${maxLength} characters`, { field });
  if (pattern !== undefined && !pattern.test.test(value)) {
    throw new FaultError('BAD_TEXT', `${field} must be ${pattern.expected}, got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`, { field });
  }
  return value;
}

export function readNumber(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FaultError('NOT_A_NUMBER', `${field} must be a number, got ${JSON.stringify(value)}`, { field });
  }
  if (value < min || value > max) throw new FaultError('OUT_OF_RANGE', `${field} must be between ${min} and ${max}, got ${value}`, { field });
  return value;
}

export function readInteger(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const number = readNumber(value, field, min, max);
  if (number !== undefined && !Number.isInteger(number)) {
    throw new FaultError('NOT_A_NUMBER', `${field} must be a whole number, got ${number}`, { field });
  }
  return number;
}

export function required<T>(value: T | undefined, fault: string, field: string): T {
  if (value === undefined) throw new FaultError('MISSING_FIELD', `a ${fault} fault needs ${field}`, { field });
  return value;
}

export function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FaultError('NOT_AN_OBJECT', `${field} must be a JSON object, got ${JSON.stringify(value) ?? typeof value}`, { field });
  }
  return value as Record<string, unknown>;
}

export function asArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new FaultError('NOT_AN_OBJECT', `${field} must be an array`, { field });
  return value;
}

export function rejectUnknown(record: Record<string, unknown>, allowed: ReadonlySet<string>, where: string): void {
  const unknown = Object.keys(record).find((key) => !allowed.has(key));
  if (unknown !== undefined) {
    throw new FaultError('UNKNOWN_FIELD', `${where} has no field "${unknown}"; fields: ${[...allowed].join(', ')}`, { field: unknown });
  }
}

export function uniqueIds(rules: FaultRule[]): FaultRule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new FaultError('DUPLICATE_ID', `two rules have the id ${JSON.stringify(rule.id)}`, { field: 'id' });
    seen.add(rule.id);
  }
  return rules;
}

export function single<T>(values: readonly T[]): T {
  const [value] = values;
  if (value === undefined) throw new FaultError('MISSING_FIELD', 'expected one value');
  return value;
}
