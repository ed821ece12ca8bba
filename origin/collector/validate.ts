import { Ajv, type ValidateFunction } from 'ajv';
import { BATCH_SCHEMA } from '../../telemetry/schema/beacon-schema.js';
import type { BeaconBatch } from '../../telemetry/types.js';
import { CollectorError, type SchemaViolation } from './errors.js';

/** Most violations listed in a 400 answer. */
const MAX_VIOLATIONS = 20;

let compiled: ValidateFunction | null = null;

/** The published batch schema, compiled once (Ajv, with `discriminator` so errors name the beacon type's fields). */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, discriminator: true, strict: false }).compile(BATCH_SCHEMA);
  return compiled;
}

/** The batch if it validates against `telemetry/schema` (the same object published as JSON); else throws `INVALID_BEACON`. */
export function validateBatch(body: unknown): BeaconBatch {
  const validate = validator();
  if (validate(body)) return body as BeaconBatch;
  const violations: SchemaViolation[] = (validate.errors ?? []).slice(0, MAX_VIOLATIONS).map((error) => ({
    path: error.instancePath || '/',
    message: `${error.message ?? 'is invalid'}${error.keyword === 'additionalProperties' ? `: ${String((error.params as { additionalProperty?: string }).additionalProperty)}` : ''}`,
  }));
  const first = violations[0];
  throw new CollectorError('INVALID_BEACON', `the batch does not match the beacon schema v1${first ? `: ${first.path} ${first.message}` : ''}`, { violations });
}
