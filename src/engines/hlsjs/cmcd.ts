import type { HlsConfig } from 'hls.js';
import type { EngineCmcdOptions } from '../types.js';

/** hls.js's own CMCD (`config.cmcd`): it encodes and adds the data to every request it makes. */
export function hlsCmcdConfig(cmcd: EngineCmcdOptions): NonNullable<HlsConfig['cmcd']> {
  return {
    sessionId: cmcd.sessionId,
    ...(cmcd.contentId ? { contentId: cmcd.contentId } : {}),
    useHeaders: cmcd.mode === 'header',
  };
}
