import { CodedError } from '../../contracts/coded-error.js';

/**
 * Every error the mock origin raises or records has one of these string codes.
 * Like every typed error of vod-player and vod-origin it extends `CodedError` (contracts/): a
 * closed union of UPPER_SNAKE_CASE codes, a `cause`.
 */
export type OriginErrorCode =
  /** `options.dir` does not exist or is not a directory. */
  | 'ROOT_NOT_FOUND'
  /** The server could not bind its host and port. */
  | 'LISTEN_FAILED'
  /** A plugin hook threw, rejected, or its body stream failed. */
  | 'PLUGIN_FAILED'
  /** Reading a ladder file failed after it was opened. */
  | 'FILE_READ_FAILED'
  /** The body ended before the declared Content-Length; the server dropped the connection. */
  | 'BODY_TRUNCATED'
  /** The client closed the connection before the response was complete. */
  | 'CLIENT_GONE'
  /** A bug in the origin itself. */
  | 'INTERNAL';

export class OriginError extends CodedError<OriginErrorCode> {
  override readonly name = 'OriginError';
  /** Name of the plugin involved, for PLUGIN_FAILED. */
  readonly plugin: string | null;

  constructor(code: OriginErrorCode, message: string, options: { cause?: unknown; plugin?: string } = {}) {
    super(code, message, { cause: options.cause });
    this.plugin = options.plugin ?? null;
  }
}

/** Wraps anything a plugin threw, keeping an OriginError that a plugin raised on purpose. */
export function pluginFailure(plugin: string, hook: string, cause: unknown): OriginError {
  if (cause instanceof OriginError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new OriginError('PLUGIN_FAILED', `plugin "${plugin}" failed in ${hook}: ${reason}`, { cause, plugin });
}
