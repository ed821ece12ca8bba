import type { EngineCmcdOptions } from '../types.js';

/** shaka's own CMCD (`config.cmcd`): its CmcdManager encodes and adds the data to every request. */
export function shakaCmcdConfig(cmcd: EngineCmcdOptions): { cmcd: { enabled: boolean; sessionId: string; contentId: string; useHeaders: boolean } } {
  return { cmcd: { enabled: true, sessionId: cmcd.sessionId, contentId: cmcd.contentId ?? '', useHeaders: cmcd.mode === 'header' } };
}
