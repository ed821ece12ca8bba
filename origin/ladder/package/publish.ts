import type { LadderJson } from '../types.js';
import { writeMpd, type DashTrack } from './dash.js';
import type { LadderWriter } from './fs-writer.js';
import { writeMasterPlaylist, writeMediaPlaylist, writeSubtitlePlaylist } from './hls.js';
import type { VerifiedTrack } from './verify.js';

export interface PublishInput {
  ladder: LadderJson;
  /** Verified tracks by rung id; audio under `audio`. */
  video: ReadonlyMap<string, VerifiedTrack>;
  audio: VerifiedTrack | null;
  /** Text files authored by the generator (synthetic captions, thumbnails VTT), written first. */
  assets: ReadonlyArray<{ path: string; content: string }>;
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Writes the text side of a ladder in a safe order: assets, then each track's media playlist,
 * then subtitle playlists, then `master.m3u8` and `manifest.mpd`, and `ladder.json` last, so a
 * reader who finds ladder.json finds everything it points to. Only tracks in `ladder` are
 * written; a failed rung is simply not in it.
 */
export async function publish(writer: LadderWriter, input: PublishInput): Promise<void> {
  const { ladder } = input;
  const videoTracks = new Map<string, DashTrack>();
  for (const rung of ladder.rungs) {
    const track = input.video.get(rung.id);
    if (!track) throw new Error(`publish: rung ${rung.id} has no verified track`);
    videoTracks.set(rung.id, track);
  }
  if (ladder.audio && !input.audio) throw new Error('publish: the ladder has audio but no verified audio track');

  for (const asset of input.assets) await writer.writeFile(asset.path, asset.content);
  for (const rung of ladder.rungs) {
    await writer.writeFile(`${rung.path}/playlist.m3u8`, writeMediaPlaylist(videoTracks.get(rung.id) as DashTrack));
  }
  if (ladder.audio && input.audio) await writer.writeFile(`${ladder.audio.path}/playlist.m3u8`, writeMediaPlaylist(input.audio));
  for (const caption of ladder.captions) {
    await writer.writeFile(caption.playlist, writeSubtitlePlaylist(basename(caption.path), ladder.durationSec));
  }

  await writer.writeFile(ladder.manifests.hls, writeMasterPlaylist(ladder));
  await writer.writeFile(ladder.manifests.dash, writeMpd(ladder, { video: videoTracks, audio: ladder.audio ? input.audio : null }));
  await writer.writeFile('ladder.json', `${JSON.stringify(ladder, null, 2)}\n`);
}
