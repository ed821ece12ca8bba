import { describe, expect, it } from 'vitest';
import { parseMediaId, parseResumeMode } from '../../../src/controllers/resume-attributes.js';

describe('parseResumeMode', () => {
  it('reads a bare or missing attribute as auto', () => {
    expect(parseResumeMode('')).toEqual({ ok: true, value: 'auto' });
    expect(parseResumeMode(null)).toEqual({ ok: true, value: 'auto' });
    expect(parseResumeMode(' Prompt ')).toEqual({ ok: true, value: 'prompt' });
  });

  it('reports an unknown mode as INVALID_ATTRIBUTE', () => {
    const parsed = parseResumeMode('sometimes');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatchObject({ code: 'INVALID_ATTRIBUTE', fatal: false, detail: { attribute: 'resume' } });
  });
});

describe('parseMediaId', () => {
  it('reads an empty id as "derive it from src"', () => {
    expect(parseMediaId('  ')).toEqual({ ok: true, value: null });
  });

  it('refuses an id the resume API would refuse', () => {
    expect(parseMediaId('film/42').ok).toBe(false);
    expect(parseMediaId('film:42')).toEqual({ ok: true, value: 'film:42' });
  });
});
