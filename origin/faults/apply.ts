import type { ServerResponse } from 'node:http';
import { pipeline, Readable, type Transform } from 'node:stream';
import { delayFirstByte } from '../http/first-byte.js';
import { sendError } from '../http/respond.js';
import { contentTypeFor } from '../server/mime.js';
import { corruptBody, resetAfterBytes, stallBody, truncateBody } from './body-faults.js';
import { defaultRuleId, formatFaultRule, MAX_DERIVED_ID_LENGTH } from './format.js';
import { rewriteManifest } from './manifest-rewrite.js';
import type { FaultRule, FaultSpec, RewriteFault, StatusFault, TruncateFault } from './types.js';

/**
 * The runtime side of faults: small functions for the server plugin's `beforeResponse`, and the
 * choice of body transform (body-faults.ts) for its `wrapBody`.
 *
 *   beforeResponse: `if (await applyResponseFault(rule.fault, res)) return true;`
 *                   `if (await answerRewrite(rule.fault, req.method, res, ctx)) return true;`
 *   wrapBody:       `const t = bodyFaultTransform(rule.fault, res); return t === null ? body : pipeThrough(body, t);`
 *
 * and the plugin writes `faultLabel(rule)` to the request log entry's `fault`.
 */

/**
 * Where a fault acts: instead of the response (`respond`), before its headers (`delay`), in its
 * body (`body`), or as a 200 with other content than the file (`rewrite`).
 */
export type FaultPhase = 'respond' | 'delay' | 'body' | 'rewrite';

export function faultPhase(fault: FaultSpec): FaultPhase {
  switch (fault.type) {
    case 'status':
    case 'outage':
      return 'respond';
    case 'slow-first-byte':
      return 'delay';
    case 'replace':
    case 'manifest-change':
    case 'codec':
      return 'rewrite';
    default:
      return 'body';
  }
}

/**
 * What the request log shows: the rule's canonical string (cut at 200 characters: a `replace`
 * body), prefixed by its id when it has its own.
 */
export function faultLabel(rule: FaultRule): string {
  const canonical = formatFaultRule(rule);
  if (rule.id === defaultRuleId(canonical)) return rule.id;
  const shown = canonical.length > MAX_DERIVED_ID_LENGTH ? `${canonical.slice(0, MAX_DERIVED_ID_LENGTH - 1)}…` : canonical;
  return `${rule.id}: ${shown}`;
}

/**
 * The part of a fault that happens before the file is served. Returns true when the fault
 * answered the request itself (status, outage), so the server must not serve the file; false when
 * the response should go on (after a slow first byte's delay; body faults act later).
 */
export async function applyResponseFault(fault: FaultSpec, res: ServerResponse): Promise<boolean> {
  switch (fault.type) {
    case 'status':
      sendFaultStatus(res, fault);
      return true;
    case 'outage':
      dropConnection(res);
      return true;
    case 'slow-first-byte':
      await delayFirstByte(res, fault.delayMs);
      return res.destroyed;
    default:
      return false;
  }
}

/** What a rewrite fault needs of the request: its path, and the file it names. */
export interface RewriteTarget {
  readonly path: string;
  /** The ladder file, read whole; null when there is none. */
  readFile(): Promise<Buffer | null>;
}

/**
 * Answers a rewrite fault with a 200: a `replace` fault's body (any path, existing or not), or the
 * file rewritten by `rewriteManifest` (`manifest-change`, `codec`). Returns false, answering
 * nothing, when the file to rewrite does not exist (the server then answers 404 as usual).
 */
export async function answerRewrite(fault: RewriteFault, method: string | undefined, res: ServerResponse, target: RewriteTarget): Promise<boolean> {
  let body: Buffer;
  let contentType = contentTypeFor(target.path);
  if (fault.type === 'replace') {
    body = Buffer.from(fault.body, 'utf8');
    contentType = fault.contentType ?? contentType;
  } else {
    const original = await target.readFile();
    if (original === null) return false;
    body = Buffer.from(rewriteManifest(fault, original.toString('utf8')), 'utf8');
  }
  sendRewritten(res, body, contentType, method === 'HEAD');
  return true;
}

/** A 200 with `body`, never cached (the next load may be the original again). */
export function sendRewritten(res: ServerResponse, body: Buffer, contentType: string, headOnly: boolean): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(body.byteLength));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(headOnly ? undefined : body);
}

/** Answers with the fault's status, `{ error: 'FAULT', message }` and `Retry-After` when set. Never cached. */
export function sendFaultStatus(res: ServerResponse, fault: StatusFault): void {
  if (fault.retryAfterSec !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSec));
  sendError(res, fault.status, 'FAULT', `injected ${fault.status}`);
}

/**
 * An outage: the connection is destroyed at once, with no response. That is what a dead link
 * looks like to the player (Chromium: net::ERR_EMPTY_RESPONSE, or a reset), and it fails fast; a
 * silent hang would only test the player's own timeouts.
 */
export function dropConnection(res: ServerResponse): void {
  const socket = res.socket ?? res.req.socket;
  socket.destroy();
  res.destroy();
}

/** The transform a body fault needs, or null for faults that do not act on the body. */
export function bodyFaultTransform(fault: FaultSpec, res: ServerResponse): Transform | null {
  switch (fault.type) {
    case 'reset':
      return resetAfterBytes(res, fault.afterBytes);
    case 'stall':
      return stallBody(res, fault);
    case 'truncate':
      return truncateBody(res, truncatedLength(fault, contentLengthOf(res)));
    case 'corrupt':
      return corruptBody(fault);
    default:
      return null;
  }
}

/**
 * `body` piped into `transform`, returning `transform`: an error in `body` destroys `transform`
 * with it (plain `pipe` would leave it hanging), and destroying `transform` destroys `body`.
 */
export function pipeThrough(body: NodeJS.ReadableStream, transform: Transform): Transform {
  const source = body instanceof Readable ? body : new Readable({ read: () => undefined }).wrap(body);
  pipeline(source, transform, () => undefined);
  return transform;
}

/** Body bytes a truncation keeps out of `totalBytes` (a fraction of an unknown size keeps 0). */
export function truncatedLength(fault: TruncateFault, totalBytes: number | null): number {
  if (fault.afterBytes !== undefined) return fault.afterBytes;
  return totalBytes === null ? 0 : Math.floor(totalBytes * fault.fraction);
}

/** Content-Length of `res` as set, or null. */
export function contentLengthOf(res: ServerResponse): number | null {
  const value = Number(res.getHeader('content-length'));
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}
