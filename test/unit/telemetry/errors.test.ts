import { describe, expect, it } from 'vitest';
import { isCodedError } from '../../../contracts/coded-error.js';
import { TelemetryError } from '../../../telemetry/errors.js';

describe('TelemetryError', () => {
  it('is a coded error with a typed detail', () => {
    const error = new TelemetryError('TELEMETRY_ENDPOINT_REJECTED', 'refused', { destination: 'https://c.example/b', httpStatus: 404, beaconCount: 3, sessionIds: ['s1'] });
    expect(isCodedError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'TelemetryError', code: 'TELEMETRY_ENDPOINT_REJECTED', message: 'refused', detail: { httpStatus: 404, beaconCount: 3 } });
  });
});
