import { FaultError } from './errors.js';
import { formatFaultRule } from './format.js';
import { asArray, asObject, readInteger, readKinds, readNumber, readPattern, readRungs, rejectUnknown, required, single, uniqueIds } from './read-fields.js';
import { FAULT_TYPES, type FaultMatch, type FaultRule, type FaultSpec, type FaultType } from './types.js';

/**
 * Fault rules from the control API (JSON) and from the command line (a compact string). Pure.
 *
 * CLI grammar, one rule per string:
 *
 *     rule    = fault [ "@" target ] [ ":" option *( "," option ) ]
 *     fault   = "404" | "500" | "503" | any status 400-599
 *             | "reset" | "stall" | "slow" | "truncate" | "corrupt" | "outage"
 *     target  = "*" | kind *( "+" kind )          kind: manifest init media audio text thumbnail other
 *     option  = key "=" value
 *
 * Options that pick requests (any fault):
 *     rung=720p | rung=720p|1080p     rung(s), as the path classifier names them (`audio` for audio)
 *     seg=5-8 | seg=5 | seg=5- | seg=-8   segment numbers, inclusive
 *     path=<regex>                    searched in the path; no commas
 * Options that decide when it fires (any fault):
 *     count=3       at most 3 times (an outage without count fires once; others have no limit)
 *     p=0.25        with probability 0.25 (also `probability=`)
 *     afterMs=10000 not before 10 s after the session's first request
 *     id=name       the name in the request log (default: the rule's canonical string)
 * Options of one fault:
 *     status:   retryAfter=<s>           Retry-After header, seconds
 *     reset:    bytes=<n>                body bytes before the reset (default 0)
 *     stall:    sec=<s> (required), bytes=<n> (default 0)
 *     slow:     ms=<ms> (required)       delay before the headers
 *     truncate: bytes=<n> | fraction=<0..1> (one of them)
 *     corrupt:  offsets=<a|b|c>, every=<n> (at least one)
 *     outage:   sec=<s> (required)
 *
 * Examples:
 *     503@media:rung=720p,seg=5-8,count=3,retryAfter=2
 *     404@init:rung=1080p
 *     500@manifest:p=0.1
 *     reset@media:bytes=10000,count=1
 *     stall@media+audio:sec=5,seg=10
 *     slow@manifest:ms=2000
 *     truncate@media:fraction=0.5,count=2
 *     corrupt@media:every=1000,rung=480p
 *     outage:sec=10,afterMs=30000
 */
export function parseFaultRuleCli(text: string): FaultRule {
  const source = text.trim();
  const match = CLI_RULE.exec(source);
  if (match === null) {
    throw new FaultError('BAD_SYNTAX', `cannot read fault rule ${JSON.stringify(text)}: expected e.g. 503@media:rung=720p,seg=5-8,count=3`);
  }
  const [, faultName = '', target, optionText] = match;
  const options = new Map<string, string>();
  if (optionText !== undefined && optionText !== '') {
    for (const part of optionText.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new FaultError('BAD_SYNTAX', `option ${JSON.stringify(part)} in ${JSON.stringify(text)} must be key=value`);
      const key = part.slice(0, eq).trim();
      const canonical = key === 'probability' ? 'p' : key;
      if (options.has(canonical)) throw new FaultError('BAD_SYNTAX', `option ${key} is given twice in ${JSON.stringify(text)}`, { field: key });
      options.set(canonical, part.slice(eq + 1).trim());
    }
  }
  const take = (key: string): string | undefined => {
    const value = options.get(key);
    options.delete(key);
    return value;
  };

  const fault = cliFault(faultName, take);
  const matchSpec: { -readonly [K in keyof FaultMatch]: FaultMatch[K] } = {};
  if (target !== undefined && target !== '*') matchSpec.kind = readKinds(target.split('+'), 'kind');
  const rung = take('rung');
  if (rung !== undefined) matchSpec.rung = readRungs(rung.split('|'), 'rung');
  const seg = take('seg');
  if (seg !== undefined) Object.assign(matchSpec, readSegmentRange(seg));
  const path = take('path');
  if (path !== undefined) matchSpec.pathPattern = readPattern(path, 'path');

  const rule = buildRule({
    id: take('id'),
    fault,
    match: matchSpec,
    count: cliNumberOption(take('count')),
    probability: cliNumberOption(take('p')),
    afterMs: cliNumberOption(take('afterMs')),
  });
  const [unknown] = options.keys();
  if (unknown !== undefined) {
    throw new FaultError('UNKNOWN_FIELD', `option ${unknown} does not apply to ${faultName} in ${JSON.stringify(text)}`, { field: unknown });
  }
  return rule;
}

/** Several CLI rules (e.g. repeated `--fault` flags); ids must be unique. */
export function parseFaultRulesCli(texts: readonly string[]): FaultRule[] {
  return uniqueIds(texts.map(parseFaultRuleCli));
}

/**
 * A rule from control-API JSON:
 *
 *     { "id": "bad-720p", "fault": { "type": "status", "status": 503, "retryAfterSec": 2 },
 *       "match": { "kind": "media", "rung": "720p", "segmentFrom": 5, "segmentTo": 8 },
 *       "count": 3, "probability": 1, "afterMs": 0 }
 *
 * `fault` has `type` plus that type's fields (see types.ts); `match` may be omitted (every
 * request); `id` defaults to the rule's canonical CLI string. Unknown fields are rejected.
 */
export function parseFaultRuleJson(json: unknown): FaultRule {
  const record = asObject(json, 'rule');
  rejectUnknown(record, RULE_KEYS, 'rule');
  const faultRecord = asObject(record['fault'], 'fault');
  const type = faultRecord['type'];
  if (typeof type !== 'string' || !(FAULT_TYPES as readonly string[]).includes(type)) {
    throw new FaultError('UNKNOWN_FAULT', `fault.type must be one of ${FAULT_TYPES.join(', ')}, got ${JSON.stringify(type)}`, { field: 'fault.type' });
  }
  rejectUnknown(faultRecord, new Set(['type', ...FAULT_FIELDS[type as FaultType]]), `fault (${type})`);
  const fault = buildFault(type as FaultType, (key) => faultRecord[key], 'fault.');

  const matchRecord = record['match'] === undefined ? {} : asObject(record['match'], 'match');
  rejectUnknown(matchRecord, MATCH_KEYS, 'match');
  const match: { -readonly [K in keyof FaultMatch]: FaultMatch[K] } = {};
  const kind = matchRecord['kind'];
  if (kind !== undefined) match.kind = typeof kind === 'string' ? single(readKinds([kind], 'match.kind')) : readKinds(asArray(kind, 'match.kind'), 'match.kind');
  const rung = matchRecord['rung'];
  if (rung !== undefined) match.rung = typeof rung === 'string' ? single(readRungs([rung], 'match.rung')) : readRungs(asArray(rung, 'match.rung'), 'match.rung');
  const from = readInteger(matchRecord['segmentFrom'], 'match.segmentFrom', 0);
  const to = readInteger(matchRecord['segmentTo'], 'match.segmentTo', 0);
  if (from !== undefined) match.segmentFrom = from;
  if (to !== undefined) match.segmentTo = to;
  if (from !== undefined && to !== undefined && from > to) {
    throw new FaultError('BAD_SEGMENT_RANGE', `match.segmentFrom (${from}) is after match.segmentTo (${to})`, { field: 'match.segmentFrom' });
  }
  const pattern = matchRecord['pathPattern'];
  if (pattern !== undefined) {
    if (typeof pattern !== 'string') throw new FaultError('BAD_PATTERN', 'match.pathPattern must be a string', { field: 'match.pathPattern' });
    match.pathPattern = readPattern(pattern, 'match.pathPattern');
  }

  return buildRule({
    id: record['id'],
    fault,
    match,
    count: record['count'],
    probability: record['probability'],
    afterMs: record['afterMs'],
  });
}

/** A list of rules from JSON: an array, or `{ "rules": [...] }`; ids must be unique. */
export function parseFaultRulesJson(json: unknown): FaultRule[] {
  const list = Array.isArray(json) ? json : asArray(asObject(json, 'rules body')['rules'], 'rules');
  return uniqueIds(list.map(parseFaultRuleJson));
}

const CLI_RULE = /^([a-z]+|\d{3})(?:@([a-z*+]+))?(?::(.*))?$/s;

const RULE_KEYS = new Set(['id', 'fault', 'match', 'count', 'probability', 'afterMs']);
const MATCH_KEYS = new Set(['kind', 'rung', 'segmentFrom', 'segmentTo', 'pathPattern']);
const FAULT_FIELDS: Record<FaultType, readonly string[]> = {
  status: ['status', 'retryAfterSec'],
  reset: ['afterBytes'],
  stall: ['durationSec', 'afterBytes'],
  'slow-first-byte': ['delayMs'],
  truncate: ['afterBytes', 'fraction'],
  corrupt: ['offsets', 'everyNthByte'],
  outage: ['durationSec'],
};
/** CLI option name of each fault field. */
const CLI_FIELD: Record<string, string> = {
  retryAfterSec: 'retryAfter',
  afterBytes: 'bytes',
  durationSec: 'sec',
  delayMs: 'ms',
  fraction: 'fraction',
  offsets: 'offsets',
  everyNthByte: 'every',
};
const CLI_FAULT_NAMES: ReadonlySet<string> = new Set(['reset', 'stall', 'truncate', 'corrupt', 'outage']);
const MAX_ID_LENGTH = 200;
const MAX_DURATION_SEC = 3600;

function cliFault(name: string, take: (key: string) => string | undefined): FaultSpec {
  if (/^\d{3}$/.test(name)) {
    const status = Number(name);
    if (status < 400 || status > 599) throw new FaultError('OUT_OF_RANGE', `status fault must be 400-599, got ${name}`, { field: 'status' });
    return buildFault('status', (key) => (key === 'status' ? status : cliValue(key, take)), '');
  }
  const type = name === 'slow' ? 'slow-first-byte' : CLI_FAULT_NAMES.has(name) ? (name as FaultType) : undefined;
  if (type === undefined) {
    throw new FaultError('UNKNOWN_FAULT', `unknown fault ${JSON.stringify(name)}: use 404, 500, 503 (any 4xx/5xx), reset, stall, slow, truncate, corrupt or outage`);
  }
  return buildFault(type, (key) => cliValue(key, take), '');
}

/** A fault field's value from CLI options, in the shape the JSON reader expects. */
function cliValue(field: string, take: (key: string) => string | undefined): unknown {
  const raw = take(CLI_FIELD[field] ?? field);
  if (raw === undefined) return undefined;
  if (field === 'offsets') return raw.split('|').map(cliNumber);
  return cliNumber(raw);
}

function cliNumberOption(raw: string | undefined): unknown {
  return raw === undefined ? undefined : cliNumber(raw);
}

function cliNumber(raw: string): unknown {
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

function buildFault(type: FaultType, get: (key: string) => unknown, prefix: string): FaultSpec {
  const field = (key: string): string => (prefix === '' ? CLI_FIELD[key] ?? key : `${prefix}${key}`);
  switch (type) {
    case 'status': {
      const status = readInteger(get('status'), field('status'), 400, 599);
      if (status === undefined) throw new FaultError('MISSING_FIELD', `a status fault needs ${field('status')}`, { field: field('status') });
      const retryAfterSec = readInteger(get('retryAfterSec'), field('retryAfterSec'), 0, 86_400);
      return retryAfterSec === undefined ? { type, status } : { type, status, retryAfterSec };
    }
    case 'reset':
      return { type, afterBytes: readInteger(get('afterBytes'), field('afterBytes'), 0) ?? 0 };
    case 'stall':
      return {
        type,
        durationSec: required(readNumber(get('durationSec'), field('durationSec'), 0, MAX_DURATION_SEC), 'stall', field('durationSec')),
        afterBytes: readInteger(get('afterBytes'), field('afterBytes'), 0) ?? 0,
      };
    case 'slow-first-byte':
      return { type, delayMs: required(readNumber(get('delayMs'), field('delayMs'), 0, MAX_DURATION_SEC * 1000), 'slow', field('delayMs')) };
    case 'truncate': {
      const afterBytes = readInteger(get('afterBytes'), field('afterBytes'), 0);
      const fraction = readNumber(get('fraction'), field('fraction'), 0, 1);
      if (afterBytes !== undefined && fraction !== undefined) {
        throw new FaultError('CONFLICTING_FIELDS', `a truncation takes ${field('afterBytes')} or ${field('fraction')}, not both`, { field: field('fraction') });
      }
      if (afterBytes !== undefined) return { type, afterBytes };
      if (fraction !== undefined) {
        if (fraction >= 1) throw new FaultError('OUT_OF_RANGE', `${field('fraction')} must be below 1 to cut anything, got ${fraction}`, { field: field('fraction') });
        return { type, fraction };
      }
      throw new FaultError('MISSING_FIELD', `a truncation needs ${field('afterBytes')} or ${field('fraction')}`, { field: field('afterBytes') });
    }
    case 'corrupt': {
      const rawOffsets = get('offsets');
      const offsets = rawOffsets === undefined ? undefined : asArray(rawOffsets, field('offsets')).map((value) => readInteger(value, field('offsets'), 0) ?? 0);
      const everyNthByte = readInteger(get('everyNthByte'), field('everyNthByte'), 1);
      if ((offsets === undefined || offsets.length === 0) && everyNthByte === undefined) {
        throw new FaultError('MISSING_FIELD', `a corruption needs ${field('offsets')} or ${field('everyNthByte')}`, { field: field('offsets') });
      }
      return {
        type,
        ...(offsets !== undefined && offsets.length > 0 ? { offsets: [...new Set(offsets)].sort((a, b) => a - b) } : {}),
        ...(everyNthByte !== undefined ? { everyNthByte } : {}),
      };
    }
    case 'outage':
      return { type, durationSec: required(readNumber(get('durationSec'), field('durationSec'), 0, MAX_DURATION_SEC), 'outage', field('durationSec')) };
  }
}

function buildRule(raw: { id: unknown; fault: FaultSpec; match: FaultMatch; count: unknown; probability: unknown; afterMs: unknown }): FaultRule {
  const count = readInteger(raw.count, 'count', 1);
  const probability = readNumber(raw.probability, 'probability', 0, 1);
  const afterMs = readNumber(raw.afterMs, 'afterMs', 0);
  const rest = {
    fault: raw.fault,
    match: raw.match,
    ...(count !== undefined ? { count } : {}),
    ...(probability !== undefined ? { probability } : {}),
    ...(afterMs !== undefined ? { afterMs } : {}),
  };
  let id = raw.id;
  if (id === undefined) id = formatFaultRule(rest);
  if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_ID_LENGTH || /[\u0000-\u001f]/.test(id)) {
    throw new FaultError('OUT_OF_RANGE', `id must be a non-empty string of at most ${MAX_ID_LENGTH} printable characters`, { field: 'id' });
  }
  return { id, ...rest };
}

function readSegmentRange(text: string): Pick<FaultMatch, 'segmentFrom' | 'segmentTo'> {
  const match = /^(\d+)?(-)?(\d+)?$/.exec(text);
  if (match === null || (match[1] === undefined && match[3] === undefined)) {
    throw new FaultError('BAD_SEGMENT_RANGE', `seg must be N, N-M, N- or -M, got ${JSON.stringify(text)}`, { field: 'seg' });
  }
  const from = match[1] === undefined ? undefined : Number(match[1]);
  const to = match[2] === undefined ? from : match[3] === undefined ? undefined : Number(match[3]);
  if (from !== undefined && to !== undefined && from > to) {
    throw new FaultError('BAD_SEGMENT_RANGE', `seg ${text} starts after it ends`, { field: 'seg' });
  }
  return { ...(from !== undefined ? { segmentFrom: from } : {}), ...(to !== undefined ? { segmentTo: to } : {}) };
}

