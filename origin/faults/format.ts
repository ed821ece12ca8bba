import type { FaultRule } from './types.js';

/**
 * The canonical CLI string of a rule (without its id): the grammar of parse.ts, options in a fixed
 * order. `parseFaultRuleCli` reads it back to the same rule (as long as a path glob has no
 * comma). A `replace` body and content type are percent-encoded. Pure.
 */
export function formatFaultRule(rule: Omit<FaultRule, 'id'>): string {
  const { fault, match } = rule;
  const options: string[] = [];
  if (match.rung !== undefined) options.push(`rung=${list(match.rung).join('|')}`);
  if (match.segmentFrom !== undefined || match.segmentTo !== undefined) {
    const from = match.segmentFrom ?? '';
    const to = match.segmentTo ?? '';
    options.push(`seg=${from === to ? from : `${from}-${to}`}`);
  }
  if (match.pathGlob !== undefined) options.push(`path=${match.pathGlob}`);
  switch (fault.type) {
    case 'status':
      if (fault.retryAfterSec !== undefined) options.push(`retryAfter=${fault.retryAfterSec}`);
      break;
    case 'reset':
      options.push(`bytes=${fault.afterBytes}`);
      break;
    case 'stall':
      options.push(`sec=${fault.durationSec}`, `bytes=${fault.afterBytes}`);
      break;
    case 'slow-first-byte':
      options.push(`ms=${fault.delayMs}`);
      break;
    case 'truncate':
      options.push(fault.fraction !== undefined ? `fraction=${fault.fraction}` : `bytes=${fault.afterBytes}`);
      break;
    case 'corrupt':
      if (fault.offsets !== undefined) options.push(`offsets=${fault.offsets.join('|')}`);
      if (fault.everyNthByte !== undefined) options.push(`every=${fault.everyNthByte}`);
      break;
    case 'replace':
      options.push(`body=${encodeURIComponent(fault.body)}`);
      if (fault.contentType !== undefined) options.push(`contentType=${encodeURIComponent(fault.contentType)}`);
      break;
    case 'codec':
      options.push(`codecs=${fault.codecs.split(',').join('|')}`);
      break;
    case 'manifest-change':
      break;
    case 'outage':
      options.push(`sec=${fault.durationSec}`);
      break;
  }
  if (rule.count !== undefined) options.push(`count=${rule.count}`);
  if (rule.probability !== undefined) options.push(`p=${rule.probability}`);
  if (rule.afterMs !== undefined) options.push(`afterMs=${rule.afterMs}`);
  if (rule.afterMatches !== undefined) options.push(`afterMatches=${rule.afterMatches}`);
  const name = fault.type === 'status' ? String(fault.status) : fault.type === 'slow-first-byte' ? 'slow' : fault.type;
  const target = match.kind === undefined ? '' : `@${list(match.kind).join('+')}`;
  return `${name}${target}${options.length > 0 ? `:${options.join(',')}` : ''}`;
}

/** Longest id (and log label) derived from a rule's canonical string, characters. */
export const MAX_DERIVED_ID_LENGTH = 200;

/**
 * The id of a rule given none: its canonical string, or past MAX_DERIVED_ID_LENGTH characters (a
 * `replace` body) the start of it, `…` and a hash of the whole, so two long rules still differ.
 */
export function defaultRuleId(canonical: string): string {
  if (canonical.length <= MAX_DERIVED_ID_LENGTH) return canonical;
  return `${canonical.slice(0, MAX_DERIVED_ID_LENGTH - 10)}…${fnv1a(canonical)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function list<T extends string>(value: T | readonly T[]): readonly T[] {
  return typeof value === 'string' ? [value] : value;
}
