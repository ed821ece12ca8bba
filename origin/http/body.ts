import type { IncomingMessage } from 'node:http';
import { ControlError } from './control-error.js';

/** Largest JSON body read by default, bytes. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Deepest nesting of arrays and objects a JSON body may have by default. Every body the origin
 * takes (fault rules, profiles with inline traces, beacon batches, resume positions) needs fewer
 * than 10 levels; a deeper one would only cost recursion in the schema validator and the parsers.
 */
export const DEFAULT_BODY_MAX_DEPTH = 32;

export interface JsonBodyLimits {
  /** Largest body, bytes. Defaults to DEFAULT_BODY_LIMIT_BYTES. */
  limitBytes?: number;
  /** Deepest nesting of arrays and objects. Defaults to DEFAULT_BODY_MAX_DEPTH. */
  maxDepth?: number;
}

/**
 * Reads a request body as JSON. Throws ControlError: `BODY_TOO_LARGE` (as soon as the declared or
 * received size passes the limit; the rest is not read), `EMPTY_BODY`, `TOO_DEEP` (checked before
 * parsing, in one pass, so a 20,000-deep body costs a scan, never a stack overflow), `BAD_JSON`.
 * A client that goes away mid-body rejects with the stream's error.
 *
 * The second argument is the byte limit, or `{ limitBytes, maxDepth }`.
 */
export async function readJsonBody(req: IncomingMessage, limits: number | JsonBodyLimits = {}): Promise<unknown> {
  const { limitBytes = DEFAULT_BODY_LIMIT_BYTES, maxDepth = DEFAULT_BODY_MAX_DEPTH } = typeof limits === 'number' ? { limitBytes: limits } : limits;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    sizeBytes += buffer.byteLength;
    if (sizeBytes > limitBytes) throw tooLarge(limitBytes);
    chunks.push(buffer);
  }
  return parseJsonText(Buffer.concat(chunks).toString('utf8'), maxDepth);
}

/** `text` as JSON, refusing more than `maxDepth` levels of nesting before parsing. Throws ControlError `EMPTY_BODY`, `TOO_DEEP`, `BAD_JSON`. */
export function parseJsonText(text: string, maxDepth: number = DEFAULT_BODY_MAX_DEPTH): unknown {
  if (text.trim() === '') throw new ControlError('EMPTY_BODY', 'this request needs a JSON body');
  const depth = jsonNestingDepth(text);
  if (depth > maxDepth) throw new ControlError('TOO_DEEP', `the body nests arrays and objects ${depth} deep; at most ${maxDepth} are allowed`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ControlError('BAD_JSON', `the body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The deepest nesting of `[` / `{` in JSON text, strings skipped (escapes included): one linear
 * scan without recursion. Text that is not JSON gets some number; JSON.parse judges it afterwards.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i += 1;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
      depth -= 1;
    }
  }
  return deepest;
}

function tooLarge(limitBytes: number): ControlError {
  return new ControlError('BODY_TOO_LARGE', `the body is larger than ${limitBytes} bytes`);
}
