import { describe, expect, it } from 'vitest';
import { listNetworkProfiles, networkProfile } from '../../../../origin/throttle/network-profiles.js';
import { formatNetworkProfiles, sparkline, summarizeNetworkProfile } from '../../../../origin/throttle/profile-listing.js';
import { createTrace } from '../../../../origin/throttle/trace.js';

describe('summarizeNetworkProfile', () => {
  it('gives one pass\'s numbers, the profile\'s settings and its sparkline', () => {
    expect(summarizeNetworkProfile(networkProfile('outage-10s'), 8)).toEqual({
      name: 'outage-10s',
      description: networkProfile('outage-10s').description,
      mode: 'hold',
      rttMs: 40,
      jitterMs: 0,
      durationSec: 40,
      meanKbps: 3750,
      minKbps: 0,
      maxKbps: 5000,
      steps: 3,
      sparkline: '@@@@__@@',
    });
  });

  it('rounds the mean and reports a steady link\'s spread', () => {
    const summary = summarizeNetworkProfile(networkProfile('fast-3g'));
    expect(Number.isInteger(summary.meanKbps)).toBe(true);
    expect(summary.minKbps).toBeGreaterThanOrEqual(1440);
    expect(summary.maxKbps).toBeLessThanOrEqual(1760);
    expect(summary.sparkline).toHaveLength(48);
  });
});

describe('sparkline', () => {
  it('scales each column\'s mean rate to the trace\'s peak, with _ for an outage', () => {
    const trace = createTrace('shape', [[1, 800], [1, 400], [1, 100], [1, 0]]);
    expect(sparkline(trace, 4)).toBe('@+:_'); // 100 of 800 kbps is the second level
  });

  it('averages the steps a column covers', () => {
    const trace = createTrace('half', [[1, 1000], [1, 0]]);
    expect(sparkline(trace, 1)).toBe('+'); // half the peak, on average
    expect(sparkline(trace, 2)).toBe('@_');
  });

  it('draws the cliff and the oscillation as they are described', () => {
    expect(sparkline(networkProfile('cliff').build(), 6)).toBe('@@....');
    expect(sparkline(networkProfile('oscillating').build(), 4)).toBe('@@::');
  });
});

describe('formatNetworkProfiles', () => {
  it('prints a header, then each profile on a line with its description indented below', () => {
    const text = formatNetworkProfiles(listNetworkProfiles().map((profile) => summarizeNetworkProfile(profile)));
    const lines = text.trimEnd().split('\n');

    expect(lines).toHaveLength(1 + 2 * 9);
    expect(lines[0]).toMatch(/^name\s+mean kbps\s+min–max kbps\s+pass\s+mode\s+RTT\s+rate over one pass$/);
    expect(lines[1]).toMatch(/^slow-3g\s+\d{3}\s+\d{3}–\d{3}\s+120 s\s+loop\s+400 ms\s+\[[.:\-=+*#%@_]{48}\]$/);
    expect(lines[2]?.trim()).toBe(networkProfile('slow-3g').description);
    expect(lines[2]).toMatch(/^\s{13}\S/);
    expect(text).toMatch(/\ncommute\s+\d{4}\s+0–\d{4}\s+300 s\s+loop\s+120±40 ms\s+\[/);
    expect(text).toMatch(/\ncliff\s+3067\s+600–8000\s+60 s\s+hold\s+40 ms\s+\[/);
    expect(text).toContain('\noutage-10s ');
  });

  it('lines up the columns', () => {
    const text = formatNetworkProfiles(listNetworkProfiles().map((profile) => summarizeNetworkProfile(profile)));
    const rows = text.trimEnd().split('\n').filter((_, i) => i % 2 === 1);
    const sparklineColumns = new Set(rows.map((line) => line.indexOf('[')));
    expect(sparklineColumns.size).toBe(1);
  });
});
