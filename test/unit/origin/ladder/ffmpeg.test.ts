import { describe, expect, it } from 'vitest';
import { LadderError } from '../../../../origin/ladder/errors.js';
import { parseProgressLine, resolveFfmpegTools, resolveTool, summarizeStderr, type ResolveDeps } from '../../../../origin/ladder/ffmpeg.js';

/** A fake machine: which files exist, which are executable, what is on PATH and in node_modules. */
function fakeDeps(opts: {
  env?: Record<string, string>;
  onPath?: Record<string, string>;
  npm?: Partial<Record<'ffmpeg' | 'ffprobe', string>>;
  files?: string[];
  executable?: string[];
  chmodFails?: boolean;
}): ResolveDeps & { chmodded: string[] } {
  const executable = new Set(opts.executable ?? []);
  const chmodded: string[] = [];
  return {
    chmodded,
    env: opts.env ?? {},
    findOnPath: (name) => opts.onPath?.[name] ?? null,
    npmBinaryPath: (tool) => opts.npm?.[tool] ?? null,
    isFile: (path) => (opts.files ?? []).includes(path),
    isExecutable: (path) => executable.has(path),
    makeExecutable: (path) => {
      if (opts.chmodFails) throw new Error('EPERM');
      chmodded.push(path);
      executable.add(path);
    },
  };
}

describe('resolveTool', () => {
  it('prefers FFMPEG_PATH over PATH and npm', () => {
    const deps = fakeDeps({
      env: { FFMPEG_PATH: '/opt/ffmpeg' },
      onPath: { ffmpeg: '/usr/bin/ffmpeg' },
      npm: { ffmpeg: '/nm/ffmpeg' },
      files: ['/opt/ffmpeg', '/nm/ffmpeg'],
      executable: ['/opt/ffmpeg'],
    });
    expect(resolveTool('ffmpeg', deps)).toEqual({ path: '/opt/ffmpeg', source: 'env' });
  });

  it('rejects an env path that is not an executable file instead of silently falling back', () => {
    const deps = fakeDeps({ env: { FFPROBE_PATH: '/nope' }, onPath: { ffprobe: '/usr/bin/ffprobe' } });
    expect(() => resolveTool('ffprobe', deps)).toThrow(/FFPROBE_PATH=\/nope is not an executable file/);
  });

  it('uses PATH when no env variable is set', () => {
    const deps = fakeDeps({ env: { FFMPEG_PATH: '' }, onPath: { ffmpeg: '/usr/bin/ffmpeg' }, npm: { ffmpeg: '/nm/ffmpeg' } });
    expect(resolveTool('ffmpeg', deps)).toEqual({ path: '/usr/bin/ffmpeg', source: 'path' });
  });

  it('falls back to the npm binary and makes it executable when npm skipped its install script', () => {
    const deps = fakeDeps({ npm: { ffprobe: '/nm/ffprobe' }, files: ['/nm/ffprobe'] });
    expect(resolveTool('ffprobe', deps)).toEqual({ path: '/nm/ffprobe', source: 'npm' });
    expect(deps.chmodded).toEqual(['/nm/ffprobe']);
  });

  it('leaves an already executable npm binary alone', () => {
    const deps = fakeDeps({ npm: { ffmpeg: '/nm/ffmpeg' }, files: ['/nm/ffmpeg'], executable: ['/nm/ffmpeg'] });
    resolveTool('ffmpeg', deps);
    expect(deps.chmodded).toEqual([]);
  });

  it('says chmod failed when the npm binary cannot be made executable', () => {
    const deps = fakeDeps({ npm: { ffmpeg: '/nm/ffmpeg' }, files: ['/nm/ffmpeg'], chmodFails: true });
    expect(() => resolveTool('ffmpeg', deps)).toThrow(/not executable and chmod failed: EPERM/);
  });

  it('explains every way to provide the binary when nothing is found', () => {
    const deps = fakeDeps({ npm: { ffmpeg: '/nm/missing' } });
    let error: unknown;
    try {
      resolveTool('ffmpeg', deps);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LadderError);
    expect((error as LadderError).code).toBe('FFMPEG_NOT_FOUND');
    expect((error as LadderError).message).toMatch(/set FFMPEG_PATH.*on PATH.*@ffmpeg-installer\/ffmpeg/);
  });
});

describe('resolveFfmpegTools', () => {
  it('resolves ffmpeg and ffprobe independently', () => {
    const deps = fakeDeps({ onPath: { ffmpeg: '/usr/bin/ffmpeg' }, npm: { ffprobe: '/nm/ffprobe' }, files: ['/nm/ffprobe'], executable: ['/nm/ffprobe'] });
    expect(resolveFfmpegTools(deps)).toEqual({ ffmpeg: { path: '/usr/bin/ffmpeg', source: 'path' }, ffprobe: { path: '/nm/ffprobe', source: 'npm' } });
  });
});

describe('parseProgressLine', () => {
  it('reads frame counts and output times and ignores other keys', () => {
    expect(parseProgressLine('frame=125')).toEqual({ frame: 125 });
    expect(parseProgressLine('out_time_us=5000000')).toEqual({ outTimeUs: 5_000_000 });
    expect(parseProgressLine('out_time_us=N/A')).toBeNull();
    expect(parseProgressLine('speed=1.2x')).toBeNull();
  });
});

describe('summarizeStderr', () => {
  it('keeps the last meaningful lines on one line', () => {
    expect(summarizeStderr('\n[libx264] a\nError while opening encoder\nConversion failed!\n')).toBe('[libx264] a | Error while opening encoder');
    expect(summarizeStderr('')).toBe('no error output');
  });
});
