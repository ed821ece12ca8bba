import { FaultError } from './errors.js';
import { defaultRuleId, formatFaultRule } from './format.js';
import { readGlob } from './glob.js';
import { asArray, asObject, readInteger, readKinds, readNumber, readRungs, readText, rejectUnknown, required, single, uniqueIds } from './read-fields.js';
import { FAULT_TYPES, type FaultMatch, type FaultRule, type FaultSpec, type FaultType } from './types.js';

/**
 * Fault rules from the control API (JSON) and from the command line (a compact string). Pure.
 *
 * CLI grammar, one rule per string:
 *
 *     rule    = fault [ "@" target ] [ ":" option *( "," option ) ]
 *     fault   = "404" | "500" | "503" | any status 400-599
 *             | "reset" | "stall" | "slow" | "truncate" | "corrupt" | "outage"
 *             | "replace" | "manifest-change" | "codec"
 *     target  = "*" | kind *( "+" kind )          kind: manifest init media audio text thumbnail other
 *     option  = key "=" value
 *
 * Options that pick requests (any fault):
 *     rung=720p | rung=720p|1080p     rung(s), as the path classifier names them (`audio` for audio)
 *     seg=5-8 | seg=5 | seg=5- | seg=-8   segment numbers, inclusive
 *     path=<glob>                     the whole path: * within a folder, ** across, ? one char;
 *                                     e.g. path=/video/720p/** (no commas; see glob.ts)
 * Options that decide when it fires (any fault):
 *     count=3       at most 3 times (an outage without count fires once; others have no limit)
 *     p=0.25        with probability 0.25 (also `probability=`)
 *     afterMs=10000 not before 10 s after the session's first request
 *     afterMatches=2  let the first 2 matching requests through (manifest-change: 1 by default)
 *     id=name       the name in the request log (default: the rule's canonical string)
 * Options of one fault:
 *     status:   retryAfter=<s>           Retry-After header, seconds
 *     reset:    bytes=<n>                body bytes before the reset (default 0)
 *     stall:    sec=<s> (required), bytes=<n> (default 0)
 *     slow:     ms=<ms> (required)       delay before the headers
 *     truncate: bytes=<n> | fraction=<0..1> (one of them)
 *     corrupt:  offsets=<a|b|c>, every=<n> (at least one)
 *     outage:   sec=<s> (required)
 *     replace:  body=<text> (required, percent-encoded: %2C for a comma), contentType=<type>
 *     manifest-change: none (drops the top video rung of the multivariant playlist / MPD)
 *     codec:    codecs=<codec> (required; `|` between several), e.g. codecs=hvc1.1.6.L93.B0
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
 *     replace@manifest:path=/master.m3u8,body=%23EXTM3U%0Agarbage
 *     manifest-change@manifest:path=/master.m3u8
 *     codec@manifest:codecs=hvc1.1.6.L93.B0
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
  if (path !== undefined) matchSpec.pathGlob = readGlob(path, 'path');

  const rule = buildRule({
    id: take('id'),
    fault,
    match: matchSpec,
    count: cliNumberOption(take('count')),
    probability: cliNumberOption(take('p')),
    afterMs: cliNumberOption(take('afterMs')),
    afterMatches: cliNumberOption(take('afterMatches')),
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
 *       "match": { "kind": "media", "rung": "720p", "segmentFrom": 5, "segmentTo": 8, "pathGlob": "/video/**" },
 *       "count": 3, "probability": 1, "afterMs": 0, "afterMatches": 0 }
 *
 * `fault` has `type` plus that type's fields (see types.ts); `match` may be omitted (every
 * request); `id` defaults to the rule's canonical CLI string (shortened, with a hash, past 200
 * characters). Unknown fields are rejected; `match.pathPattern` (the regular expression of
 * vod-origin 0.2) is rejected with `RENAMED_FIELD`, naming `match.pathGlob`.
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
  if (matchRecord['pathPattern'] !== undefined) {
    throw new FaultError(
      'RENAMED_FIELD',
      'match.pathPattern (a regular expression) is gone: use match.pathGlob, a glob over the whole path (* within a folder, ** across folders, ? one character), e.g. "/video/720p/**"',
      { field: 'match.pathPattern' },
    );
  }
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
  const glob = matchRecord['pathGlob'];
  if (glob !== undefined) match.pathGlob = readGlob(glob, 'match.pathGlob');

  return buildRule({
    id: record['id'],
    fault,
    match,
    count: record['count'],
    probability: record['probability'],
    afterMs: record['afterMs'],
    afterMatches: record['afterMatches'],
  });
}

/** A list of rules from JSON: an array, or `{ "rules": [...] }`; ids must be unique. */
export function parseFaultRulesJson(json: unknown): FaultRule[] {
  const list = Array.isArray(json) ? json : asArray(asObject(json, 'rules body')['rules'], 'rules');
  return uniqueIds(list.map(parseFaultRuleJson));
}

const CLI_RULE = /^([a-z][a-z-]*|\d{3})(?:@([a-z*+]+))?(?::(.*))?$/s;

const RULE_KEYS = new Set(['id', 'fault', 'match', 'count', 'probability', 'afterMs', 'afterMatches']);
const MATCH_KEYS = new Set(['kind', 'rung', 'segmentFrom', 'segmentTo', 'pathGlob']);
const FAULT_FIELDS: Record<FaultType, readonly string[]> = {
  status: ['status', 'retryAfterSec'],
  reset: ['afterBytes'],
  stall: ['durationSec', 'afterBytes'],
  'slow-first-byte': ['delayMs'],
  truncate: ['afterBytes', 'fraction'],
  corrupt: ['offsets', 'everyNthByte'],
  outage: ['durationSec'],
  replace: ['body', 'contentType'],
  'manifest-change': [],
  codec: ['codecs'],
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
  body: 'body',
  contentType: 'contentType',
  codecs: 'codecs',
};
/** Fault fields that hold text; in the CLI grammar `body` and `contentType` are percent-encoded, `codecs` lists with `|`. */
const CLI_TEXT_FIELDS: ReadonlySet<string> = new Set(['body', 'contentType', 'codecs']);
const CLI_FAULT_NAMES: ReadonlySet<string> = new Set(['reset', 'stall', 'truncate', 'corrupt', 'outage', 'replace', 'manifest-change', 'codec']);
const MAX_ID_LENGTH = 200;
const MAX_DURATION_SEC = 3600;
/** Longest `replace` body, characters. */
export const MAX_REPLACE_BODY_LENGTH = 1024 * 1024;
/** A MIME type with optional parameters, printable ASCII (it becomes a header). */
const CONTENT_TYPE = { test: /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(;[\x20-\x7e]*)?$/, expected: 'a MIME type like application/vnd.apple.mpegurl' };
/** RFC 6381 codec strings, comma separated: `hvc1.1.6.L93.B0`, `avc1.640028,mp4a.40.2`. */
const CODECS = { test: /^[A-Za-z0-9][A-Za-z0-9._+-]*(,[A-Za-z0-9][A-Za-z0-9._+-]*)*$/, expected: 'RFC 6381 codec strings like hvc1.1.6.L93.B0 (comma separated)' };

function cliFault(name: string, take: (key: string) => string | undefined): FaultSpec {
  if (/^\d{3}$/.test(name)) {
    const status = Number(name);
    if (status < 400 || status > 599) throw new FaultError('OUT_OF_RANGE', `status fault must be 400-599, got ${name}`, { field: 'status' });
    return buildFault('status', (key) => (key === 'status' ? status : cliValue(key, take)), '');
  }
  const type = name === 'slow' ? 'slow-first-byte' : CLI_FAULT_NAMES.has(name) ? (name as FaultType) : undefined;
  if (type === undefined) {
    throw new FaultError(
      'UNKNOWN_FAULT',
      `unknown fault ${JSON.stringify(name)}: use 404, 500, 503 (any 4xx/5xx), reset, stall, slow, truncate, corrupt, outage, replace, manifest-change or codec`,
    );
  }
  return buildFault(type, (key) => cliValue(key, take), '');
}

/** A fault field's value from CLI options, in the shape the JSON reader expects. */
function cliValue(field: string, take: (key: string) => string | undefined): unknown {
  const raw = take(CLI_FIELD[field] ?? field);
  if (raw === undefined) return undefined;
  if (field === 'offsets') return raw.split('|').map(cliNumber);
  if (field === 'codecs') return raw.split('|').join(',');
  if (CLI_TEXT_FIELDS.has(field)) {
    try {
      return decodeURIComponent(raw);
    } catch {
      throw new FaultError('BAD_SYNTAX', `${CLI_FIELD[field] ?? field} is percent-encoded text; ${JSON.stringify(raw.slice(0, 80))} is not`, { field: CLI_FIELD[field] ?? field });
    }
  }
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
    case 'replace': {
      const body = get('body');
      if (body === undefined) throw new FaultError('MISSING_FIELD', `a replace fault needs ${field('body')}`, { field: field('body') });
      if (typeof body !== 'string' || body.length > MAX_REPLACE_BODY_LENGTH) {
        throw new FaultError('BAD_TEXT', `${field('body')} must be a string of at most ${MAX_REPLACE_BODY_LENGTH} characters`, { field: field('body') });
      }
      const contentType = readText(get('contentType'), field('contentType'), 200, CONTENT_TYPE);
      return contentType === undefined ? { type, body } : { type, body, contentType };
    }
    case 'manifest-change':
      return { type };
    case 'codec':
      return { type, codecs: required(readText(get('codecs'), field('codecs'), 200, CODECS), 'codec', field('codecs')) };
  }
}

function buildRule(raw: {
  id: unknown;
  fault: FaultSpec;
  match: FaultMatch;
  count: unknown;
  probability: unknown;
  afterMs: unknown;
  afterMatches: unknown;
}): FaultRule {
  const count = readInteger(raw.count, 'count', 1);
  const probability = readNumber(raw.probability, 'probability', 0, 1);
  const afterMs = readNumber(raw.afterMs, 'afterMs', 0);
  const afterMatches = readInteger(raw.afterMatches, 'afterMatches', 0, 1_000_000);
  const rest = {
    fault: raw.fault,
    match: raw.match,
    ...(count !== undefined ? { count } : {}),
    ...(probability !== undefined ? { probability } : {}),
    ...(afterMs !== undefined ? { afterMs } : {}),
    ...(afterMatches !== undefined ? { afterMatches } : {}),
  };
  let id = raw.id;
  if (id === undefined) id = defaultRuleId(formatFaultRule(rest));
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

