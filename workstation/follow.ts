/**
 * Following a promoted standby (docs/STANDBY.md § Workstations follow): while the hub is up, a
 * workstation asks it (`standby.where`) which epoch it serves under and where the standby would
 * serve, and keeps both (`standby.json`, beside its settings). When the hub is unreachable it tries
 * that address with the same pinned office authority and its own credential: a hub there that
 * answers with a higher epoch is the office now, and the workstation moves to it for good (its
 * settings name the new address). A standby not promoted serves nothing, so nothing moves.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { connectPinned, type HubConnection, type PairedHub } from '../native/lan/hubClient';
import { writeFileDurably } from '../native/fs/durableFile';
import { loadSettings, saveSettings } from './settings';

export const FOLLOW_FILE = 'standby.json';

const where = z.object({ epoch: z.number().int().positive(), standbyUrl: z.string().url().nullable() });
export type StandbyWhere = z.infer<typeof where>;

export function loadWhere(dataDir: string): StandbyWhere | null {
  const file = path.join(dataDir, FOLLOW_FILE);
  if (!existsSync(file)) return null;
  try {
    return where.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

export function saveWhere(dataDir: string, w: StandbyWhere): void {
  writeFileDurably(path.join(dataDir, FOLLOW_FILE), `${JSON.stringify(where.parse(w))}\n`);
}

/** Asks the hub on `conn` where its standby is; kept when it answers. */
export async function learnWhere(conn: HubConnection, dataDir: string): Promise<StandbyWhere | null> {
  const res = await conn.call('standby.where', {});
  if (!res.ok) return null;
  const parsed = where.safeParse(res.output);
  if (!parsed.success) return null;
  const known = loadWhere(dataDir);
  // a hub of a lower epoch than one already followed does not turn this PC back
  if (known && known.epoch > parsed.data.epoch) return known;
  // written only when it changed (asked at every heartbeat)
  if (!known || known.epoch !== parsed.data.epoch || known.standbyUrl !== parsed.data.standbyUrl) saveWhere(dataDir, parsed.data);
  return parsed.data;
}

/** The standby's address as a WebSocket URL. */
export function socketUrlOf(standbyUrl: string): string {
  const u = new URL(standbyUrl);
  return `wss://${u.host}/api/ws`;
}

/**
 * The hub unreachable: is the standby promoted? A pinned connection to it, with this PC's credential,
 * answering an epoch above the one known. Returns the hub to follow, or null.
 */
export async function promotedStandby(hub: PairedHub, dataDir: string, timeoutMs = 4000): Promise<{ hub: PairedHub; epoch: number } | null> {
  const known = loadWhere(dataDir);
  if (!known?.standbyUrl) return null;
  const moved: PairedHub = { ...hub, url: socketUrlOf(known.standbyUrl) };
  if (moved.url === hub.url) return null;
  let conn: HubConnection;
  try {
    conn = await connectPinned(moved, { timeoutMs });
  } catch {
    return null;
  }
  try {
    const res = await conn.call('standby.where', {});
    if (!res.ok) return null;
    const there = where.safeParse(res.output);
    if (!there.success || there.data.epoch <= known.epoch) return null;
    saveWhere(dataDir, { epoch: there.data.epoch, standbyUrl: there.data.standbyUrl });
    return { hub: moved, epoch: there.data.epoch };
  } finally {
    conn.close();
  }
}

/**
 * A window's link that cannot reach `current`: the hub to move to, or null. The settings on disk
 * first (this PC's agent may have followed the promoted standby already and rewritten them); else the
 * promoted standby itself (a board PC has no agent), then kept in the settings for the next start.
 */
export async function hubToFollow(current: PairedHub, dataDir: string, timeoutMs?: number): Promise<PairedHub | null> {
  const saved = loadSettings(dataDir);
  if (saved && saved.hub.url !== current.url && saved.hub.deviceId === current.deviceId) return saved.hub;
  const promoted = await promotedStandby(current, dataDir, timeoutMs);
  if (!promoted) return null;
  if (saved) saveSettings(dataDir, { ...saved, hub: promoted.hub });
  return promoted.hub;
}
