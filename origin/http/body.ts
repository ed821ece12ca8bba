import type { IncomingMessage } from 'node:http';
import { ControlError } from './control-error.js';

/** Largest JSON body read by default, bytes. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a request body as JSON. Throws ControlError: `BODY_TOO_LARGE` (as soon as the declared or
 * received size passes `limitBytes`; the rest is not read), `EMPTY_BODY`, `BAD_JSON`. A client that
 * goes away mid-body rejects with the stream's error.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
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
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new ControlError('EMPTY_BODY', 'this request needs a JSON body');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ControlError('BAD_JSON', `the body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function tooLarge(limitBytes: number): ControlError {
  return new ControlError('BODY_TOO_LARGE', `the body is larger than ${limitBytes} bytes`);
}
