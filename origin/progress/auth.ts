/**
 * Who is asking: the bearer token names the viewer. The mock origin trusts any well-formed token
 * (there are no accounts): each distinct token is its own viewer, and only a hash of it is kept.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ProgressError } from './errors.js';

/** RFC 6750 `b64token`, at most 512 characters. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]{1,512}=*)$/i;

/** The viewer key of the request (SHA-256 of the token, hex). Throws `UNAUTHORIZED`. */
export function viewerOf(req: IncomingMessage): string {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
  if (!match?.[1]) throw new ProgressError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
  return createHash('sha256').update(match[1]).digest('hex');
}
