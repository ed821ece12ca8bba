import type { FaultRule } from './types.js';

/**
 * The canonical CLI string of a rule (without its id): the grammar of parse.ts, options in a fixed
 * order. `parseFaultRuleCli` reads it back to the same rule (as long as a path pattern has no
 * comma). Pure.
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
  if (match.pathPattern !== undefined) options.push(`path=${match.pathPattern}`);
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
    case 'outage':
      options.push(`sec=${fault.durationSec}`);
      break;
  }
  if (rule.count !== undefined) options.push(`count=${rule.count}`);
  if (rule.probability !== undefined) options.push(`p=${rule.probability}`);
  if (rule.afterMs !== undefined) options.push(`afterMs=${rule.afterMs}`);
  const name = fault.type === 'status' ? String(fault.status) : fault.type === 'slow-first-byte' ? 'slow' : fault.type;
  const target = match.kind === undefined ? '' : `@${list(match.kind).join('+')}`;
  return `${name}${target}${options.length > 0 ? `:${options.join(',')}` : ''}`;
}


function list<T extends string>(value: T | readonly T[]): readonly T[] {
  return typeof value === 'string' ? [value] : value;
}
