/**
 * Just enough ISO-BMFF (fragmented MP4) reading to publish manifests: track timescale and
 * codecs from an init segment, and decode time + duration from a media segment. Pure.
 */

/** What an init segment says about its (single) track. */
export interface InitSegmentInfo {
  /** `vide` or `soun`. */
  handlerType: string;
  /** mdhd timescale, ticks per second. */
  timescale: number;
  /** RFC 6381 codecs string, e.g. `avc1.64001f` or `mp4a.40.2`. */
  codecs: string;
  /** trex default_sample_duration, ticks (0 when absent). */
  defaultSampleDurationTicks: number;
  /** Visual sample entry size, for video. */
  width?: number;
  height?: number;
  /** Audio sample entry fields, for audio. */
  channels?: number;
  sampleRateHz?: number;
}

/** Timing of one media segment, in the track's timescale. */
export interface MediaSegmentTiming {
  /** baseMediaDecodeTime of the first fragment. */
  startTicks: number;
  durationTicks: number;
  sampleCount: number;
}

interface Box {
  type: string;
  /** Offset of the box's first byte. */
  start: number;
  /** Offset of the payload (after size, type and any largesize). */
  payload: number;
  end: number;
}

class Reader {
  readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset);
  }

  u64(offset: number): number {
    return Number(this.view.getBigUint64(offset));
  }

  type(offset: number): string {
    return String.fromCharCode(this.u8(offset), this.u8(offset + 1), this.u8(offset + 2), this.u8(offset + 3));
  }

  /** The boxes laid end to end in [start, end). */
  boxes(start: number, end: number): Box[] {
    const found: Box[] = [];
    let offset = start;
    while (offset + 8 <= end) {
      let size = this.u32(offset);
      const type = this.type(offset + 4);
      let payload = offset + 8;
      if (size === 1) {
        if (offset + 16 > end) throw new Error(`truncated largesize of box "${type}"`);
        size = this.u64(offset + 8);
        payload = offset + 16;
      } else if (size === 0) {
        size = end - offset;
      }
      if (size < payload - offset || offset + size > end) {
        throw new Error(`box "${type}" at ${offset} runs past the end (size ${size}, ${end - offset} bytes left)`);
      }
      found.push({ type, start: offset, payload, end: offset + size });
      offset += size;
    }
    return found;
  }

  child(parent: Box, type: string, skip = 0): Box | undefined {
    return this.boxes(parent.payload + skip, parent.end).find((box) => box.type === type);
  }

  need(parent: Box, type: string, skip = 0): Box {
    const box = this.child(parent, type, skip);
    if (!box) throw new Error(`"${parent.type}" has no "${type}" box`);
    return box;
  }
}

/** Reads the single track of a fragmented MP4 init segment. Throws on anything it cannot read. */
export function parseInitSegment(bytes: Uint8Array): InitSegmentInfo {
  const reader = new Reader(bytes);
  const top = reader.boxes(0, bytes.byteLength);
  const moov = top.find((box) => box.type === 'moov');
  if (!moov) throw new Error('no "moov" box');
  const trak = reader.need(moov, 'trak');
  const mdia = reader.need(trak, 'mdia');
  const mdhd = reader.need(mdia, 'mdhd');
  const mdhdVersion = reader.u8(mdhd.payload);
  const timescale = reader.u32(mdhd.payload + (mdhdVersion === 1 ? 20 : 12));
  if (timescale <= 0) throw new Error('mdhd timescale is 0');
  const hdlr = reader.need(mdia, 'hdlr');
  const handlerType = reader.type(hdlr.payload + 8);
  const stbl = reader.need(reader.need(mdia, 'minf'), 'stbl');
  const stsd = reader.need(stbl, 'stsd');
  const entry = reader.boxes(stsd.payload + 8, stsd.end)[0];
  if (!entry) throw new Error('"stsd" has no sample entry');

  const mvex = reader.child(moov, 'mvex');
  const trex = mvex ? reader.child(mvex, 'trex') : undefined;
  const defaultSampleDurationTicks = trex ? reader.u32(trex.payload + 12) : 0;

  const info: InitSegmentInfo = { handlerType, timescale, codecs: entry.type, defaultSampleDurationTicks };
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    info.width = reader.u16(entry.payload + 24);
    info.height = reader.u16(entry.payload + 26);
    const avcC = reader.need(entry, 'avcC', 78);
    const hex = (offset: number) => reader.u8(offset).toString(16).padStart(2, '0');
    info.codecs = `${entry.type}.${hex(avcC.payload + 1)}${hex(avcC.payload + 2)}${hex(avcC.payload + 3)}`;
  } else if (entry.type === 'mp4a') {
    info.channels = reader.u16(entry.payload + 16);
    info.sampleRateHz = reader.u32(entry.payload + 24) >>> 16;
    const esds = reader.need(entry, 'esds', 28);
    info.codecs = mp4aCodecs(reader, esds);
  }
  return info;
}

/** `mp4a.<objectTypeIndication hex>.<audioObjectType>` from an esds box. */
function mp4aCodecs(reader: Reader, esds: Box): string {
  let offset = esds.payload + 4;
  const descriptor = (): { tag: number; body: number; end: number } => {
    const tag = reader.u8(offset);
    let size = 0;
    let cursor = offset + 1;
    for (let i = 0; i < 4; i++) {
      const byte = reader.u8(cursor++);
      size = (size << 7) | (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    return { tag, body: cursor, end: cursor + size };
  };
  const es = descriptor();
  if (es.tag !== 0x03) throw new Error('esds has no ES_Descriptor');
  const flags = reader.u8(es.body + 2);
  offset = es.body + 3;
  if (flags & 0x80) offset += 2;
  if (flags & 0x40) offset += 1 + reader.u8(offset);
  if (flags & 0x20) offset += 2;
  const config = descriptor();
  if (config.tag !== 0x04) throw new Error('esds has no DecoderConfigDescriptor');
  const objectType = reader.u8(config.body);
  offset = config.body + 13;
  if (offset >= config.end) return `mp4a.${objectType.toString(16)}`;
  const specific = descriptor();
  if (specific.tag !== 0x05) return `mp4a.${objectType.toString(16)}`;
  let audioObjectType = reader.u8(specific.body) >> 3;
  if (audioObjectType === 31) audioObjectType = 32 + (((reader.u8(specific.body) & 0x07) << 3) | (reader.u8(specific.body + 1) >> 5));
  return `mp4a.${objectType.toString(16)}.${audioObjectType}`;
}

/**
 * Reads decode time and duration of a media segment (one or more moof+mdat pairs of one track).
 * Sample durations come from trun, else tfhd, else the init segment's trex default.
 */
export function parseMediaSegment(bytes: Uint8Array, init: Pick<InitSegmentInfo, 'defaultSampleDurationTicks'>): MediaSegmentTiming {
  const reader = new Reader(bytes);
  const top = reader.boxes(0, bytes.byteLength);
  const moofs = top.filter((box) => box.type === 'moof');
  if (moofs.length === 0) throw new Error('no "moof" box');
  const mdat = top.find((box) => box.type === 'mdat');
  if (!mdat || mdat.end - mdat.payload === 0) throw new Error('no media data ("mdat" missing or empty)');

  let startTicks: number | null = null;
  let durationTicks = 0;
  let sampleCount = 0;
  for (const moof of moofs) {
    for (const traf of reader.boxes(moof.payload, moof.end).filter((box) => box.type === 'traf')) {
      const tfhd = reader.need(traf, 'tfhd');
      const tfhdFlags = reader.u32(tfhd.payload) & 0xffffff;
      let cursor = tfhd.payload + 8;
      if (tfhdFlags & 0x01) cursor += 8;
      if (tfhdFlags & 0x02) cursor += 4;
      const defaultDuration = tfhdFlags & 0x08 ? reader.u32(cursor) : init.defaultSampleDurationTicks;

      const tfdt = reader.need(traf, 'tfdt');
      if (startTicks === null) {
        startTicks = reader.u8(tfdt.payload) === 1 ? reader.u64(tfdt.payload + 4) : reader.u32(tfdt.payload + 4);
      }

      for (const trun of reader.boxes(traf.payload, traf.end).filter((box) => box.type === 'trun')) {
        const flags = reader.u32(trun.payload) & 0xffffff;
        const count = reader.u32(trun.payload + 4);
        sampleCount += count;
        let sample = trun.payload + 8;
        if (flags & 0x01) sample += 4;
        if (flags & 0x04) sample += 4;
        const stride = [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length * 4;
        if (flags & 0x100) {
          for (let i = 0; i < count; i++) durationTicks += reader.u32(sample + i * stride);
        } else {
          durationTicks += count * defaultDuration;
        }
      }
    }
  }
  if (startTicks === null) throw new Error('no "traf" with a "tfdt"');
  if (sampleCount === 0 || durationTicks === 0) throw new Error('no samples');
  return { startTicks, durationTicks, sampleCount };
}
