import { describe, expect, it } from 'vitest';
import { AbrConfigError } from '../../../abr/config.js';
import { LadderFormatError } from '../../../abr/ladder.js';
import { SimulationError } from '../../../abr/simulate.js';
import { CodedError, isCodedError } from '../../../contracts/coded-error.js';
import { VodPlayerError, type VodErrorCode } from '../../../src/errors.js';
import { ResumeStoreError, type ResumeStoreErrorCode } from '../../../src/resume/errors.js';

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** Every code of a union, checked complete by the compiler (a new code must be added here). */
function codesOf<Code extends string>(codes: Record<Code, true>): Code[] {
  return Object.keys(codes) as Code[];
}

const VOD_ERROR_CODES = codesOf<VodErrorCode>({
  MANIFEST_LOAD_FAILED: true,
  MANIFEST_PARSE_FAILED: true,
  SEGMENT_LOAD_FAILED: true,
  CODEC_UNSUPPORTED: true,
  MEDIA_DECODE_FAILED: true,
  SOURCE_UNSUPPORTED: true,
  ENGINE_LOAD_FAILED: true,
  INVALID_ATTRIBUTE: true,
  PLAY_REJECTED: true,
  ENGINE_ERROR: true,
  RESUME_STORE_FAILED: true,
  FULLSCREEN_REJECTED: true,
  BUFFER_FULL: true,
});

const RESUME_STORE_ERROR_CODES = codesOf<ResumeStoreErrorCode>({
  STORAGE_UNAVAILABLE: true,
  QUOTA_EXCEEDED: true,
  NETWORK: true,
  HTTP: true,
  BAD_RESPONSE: true,
  STALE_WRITE: true,
});

/** Each public error class, with one instance per code it can carry. */
const ERRORS: Array<{ name: string; instances: CodedError[] }> = [
  { name: 'VodPlayerError', instances: VOD_ERROR_CODES.map((code) => new VodPlayerError(code, 'm', { fatal: false })) },
  { name: 'ResumeStoreError', instances: RESUME_STORE_ERROR_CODES.map((code) => new ResumeStoreError(code, 'm', { store: 'local' })) },
  { name: 'AbrConfigError', instances: [new AbrConfigError('buffer.reservoirSec', 'm')] },
  { name: 'LadderFormatError', instances: [new LadderFormatError('m')] },
  { name: 'SimulationError', instances: [new SimulationError('m')] },
];

describe('CodedError', () => {
  it('keeps the code, the message and the cause', () => {
    const cause = new Error('root');
    const error = new CodedError('SOME_CODE', 'it failed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'SOME_CODE', message: 'it failed', cause });
    expect(isCodedError(error)).toBe(true);
    expect(isCodedError(cause)).toBe(false);
  });

  describe.each(ERRORS)('$name', ({ name, instances }) => {
    it('is a CodedError named after its class, with UPPER_SNAKE_CASE codes', () => {
      for (const error of instances) {
        expect(error).toBeInstanceOf(CodedError);
        expect(error.name).toBe(name);
        expect(error.code).toMatch(UPPER_SNAKE);
      }
    });
  });
});
