import { describe, expect, it } from 'vitest';
import { AbrConfigError, DEFAULT_ABR_CONFIG, resolveAbrConfig } from '../../../abr/index.js';

describe('config', () => {
  it('freezes the defaults, nested sections included', () => {
    expect(Object.isFrozen(DEFAULT_ABR_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ABR_CONFIG.buffer)).toBe(true);
  });

  it('fills a partial config with the defaults, section by section', () => {
    const config = resolveAbrConfig({ buffer: { reservoirSec: 10 }, abandon: { enabled: false } });
    expect(config.buffer.reservoirSec).toBe(10);
    expect(config.buffer.cushionSec).toBe(DEFAULT_ABR_CONFIG.buffer.cushionSec);
    expect(config.abandon.enabled).toBe(false);
    expect(config.estimator).toEqual(DEFAULT_ABR_CONFIG.estimator);
  });

  it('treats undefined fields as left out', () => {
    expect(resolveAbrConfig({ startup: { bandwidthFactor: undefined } }).startup.bandwidthFactor).toBe(DEFAULT_ABR_CONFIG.startup.bandwidthFactor);
  });

  it('rejects values that make the algorithm meaningless, naming the field', () => {
    const fails = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(AbrConfigError);
        return (error as AbrConfigError).path;
      }
      throw new Error('expected AbrConfigError');
    };
    expect(fails(() => resolveAbrConfig({ estimator: { fastHalfLifeSec: 0 } }))).toBe('estimator.fastHalfLifeSec');
    expect(fails(() => resolveAbrConfig({ buffer: { reservoirSec: -1 } }))).toBe('buffer.reservoirSec');
    expect(fails(() => resolveAbrConfig({ buffer: { lookaheadSegments: 1.5 } }))).toBe('buffer.lookaheadSegments');
    expect(fails(() => resolveAbrConfig({ abandon: { gainFactor: 2 } }))).toBe('abandon.gainFactor');
  });
});
