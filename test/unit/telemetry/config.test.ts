import { describe, expect, it } from 'vitest';
import { DEFAULT_TELEMETRY_CONFIG, isHttpUrl, resolveTelemetryConfig } from '../../../telemetry/config.js';

describe('telemetry config', () => {
  it('defaults to a 10 s request timeout and quarantine after 5 server errors', () => {
    expect(DEFAULT_TELEMETRY_CONFIG.retry).toEqual({ firstDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.2, requestTimeoutMs: 10_000, quarantineAfterServerErrors: 5 });
    expect(resolveTelemetryConfig({}).config.retry).toEqual(DEFAULT_TELEMETRY_CONFIG.retry);
  });

  it('takes retry.requestTimeoutMs and retry.quarantineAfterServerErrors, and falls back on nonsense', () => {
    expect(resolveTelemetryConfig({ retry: { requestTimeoutMs: 2_500, quarantineAfterServerErrors: 3 } }).config.retry).toMatchObject({ requestTimeoutMs: 2_500, quarantineAfterServerErrors: 3 });
    const { config, problems } = resolveTelemetryConfig({ retry: { requestTimeoutMs: 0, quarantineAfterServerErrors: Number.NaN } });
    expect(config.retry).toMatchObject({ requestTimeoutMs: 10_000, quarantineAfterServerErrors: 5 });
    expect(problems).toHaveLength(2);
  });

  it('knows an http(s) URL', () => {
    expect(isHttpUrl('https://collector.example/beacons')).toBe(true);
    expect(isHttpUrl('/beacons')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
  });
});
