/**
 * The hub's side of the standby hub (docs/STANDBY.md): the manager names one paired workstation the
 * standby; it pulls a copy of the office every minute over its pinned link (routes.ts) — a
 * consistent encrypted snapshot of the database (snapshot.ts), the office key wrapped for it
 * (keyWrap.ts), and the sealed page files it lacks — and confirms each copy it verified and kept,
 * which is the age the manager sees. It also holds the fencing state: a valid notice of a higher
 * epoch (fence.ts) makes this hub superseded, and a superseded hub answers nothing but `health` and
 * `standby.where` until the manager resumes it.
 */
import { rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../../core/errors';
import { deviceStanding } from '../../db/devices';
import { hubEpoch, nameStandby, recordStandbyCopy, recordSuperseded, standbyOf } from '../../db/standby';
import { record } from '../audit/auditLog';
import type { HubBase } from '../base';
import { checkFenceFor, type FenceNotice } from './fence';
import { takeSnapshot, type Snapshot } from './snapshot';
import { wrapKey } from './keyWrap';

export interface StandbyOptions {
  /** the office database's key (the standby receives it wrapped for its own key); absent: no copies are served */
  officeKey?: (() => Buffer) | undefined;
  /** the data folder: the page store is `<dir>/pages`, snapshots are made in `<dir>/tmp` */
  dir: string;
}

export interface StandbyStatus {
  standby: { deviceId: number; name: string; revoked: boolean; namedAt: string; address: string | null; lastCopyAt: string | null; lastCopyBytes: number | null; copyAgeSeconds: number | null } | null;
  epoch: number;
  superseded: { epoch: number; at: string; by: string } | null;
}

const SHA = /^[0-9a-f]{64}$/;

export class StandbyService {
  private supersededNow: boolean;
  /** the notice this hub, once promoted, gives a hub that asks (routes.ts) */
  private notice: FenceNotice | null = null;
  private readonly onSuperseded = new Set<() => void>();

  constructor(
    private readonly hub: HubBase,
    private readonly options: StandbyOptions,
  ) {
    this.supersededNow = hubEpoch(hub.db).supersededEpoch !== null;
    // a snapshot a kill -9 interrupted is garbage
    rmSync(path.join(options.dir, 'standby-tmp'), { recursive: true, force: true });
  }

  status(): StandbyStatus {
    const row = standbyOf(this.hub.db);
    const e = hubEpoch(this.hub.db);
    const superseded = e.supersededEpoch !== null ? { epoch: e.supersededEpoch, at: e.supersededAt!, by: e.supersededBy ?? '' } : null;
    if (!row) return { standby: null, epoch: e.epoch, superseded };
    const device = deviceStanding(this.hub.db, row.deviceId);
    const age = row.lastCopyAt ? Math.max(0, Math.round((this.hub.now().getTime() - Date.parse(row.lastCopyAt)) / 1000)) : null;
    return {
      standby: { deviceId: row.deviceId, name: device?.name ?? '', revoked: device?.revoked ?? true, namedAt: row.namedAt, address: row.address, lastCopyAt: row.lastCopyAt, lastCopyBytes: row.lastCopyBytes, copyAgeSeconds: age },
      epoch: e.epoch,
      superseded,
    };
  }

  /** The manager names a paired counter PC the standby (or none). One at a time; audited. */
  name(deviceId: number | null, staffId: number): StandbyStatus {
    const at = this.hub.now();
    if (deviceId !== null) {
      const device = deviceStanding(this.hub.db, deviceId);
      if (!device || device.revoked) throw new DomainError('UNKNOWN_DEVICE', 'no paired device with this id');
      if (device.kind !== 'counter') throw new DomainError('DEVICE_KIND_MISMATCH', 'only a counter PC (a workstation) can keep the standby copy');
    }
    const before = standbyOf(this.hub.db)?.deviceId ?? null;
    this.hub.db.transaction(() => {
      nameStandby(this.hub.db, deviceId, at.toISOString(), staffId);
      record(this.hub.db, at, { actor: `staff:${staffId}`, action: 'standbyNamed', subject: deviceId !== null ? `device:${deviceId}` : null, detail: { before, after: deviceId } });
    }).immediate();
    return this.status();
  }

  /** What a workstation needs to follow a promotion: the epoch it serves under and where the standby would serve. */
  where(): { epoch: number; standbyUrl: string | null } {
    return { epoch: hubEpoch(this.hub.db).epoch, standbyUrl: standbyOf(this.hub.db)?.address ?? null };
  }

  /** Whether `deviceId` is the office's standby now. */
  isStandby(deviceId: number): boolean {
    return standbyOf(this.hub.db)?.deviceId === deviceId;
  }

  /**
   * A snapshot for the standby `deviceId`, its key wrapped for `standbyPublicKey` and bound to the
   * device and the snapshot's digest. The caller sends the file and removes it (`snapshot.remove`).
   */
  async copyFor(deviceId: number, standbyPublicKey: string): Promise<{ snapshot: Snapshot; wrappedKey: string; epoch: number }> {
    if (!this.isStandby(deviceId)) throw new DomainError('AGENT_NOT_ALLOWED', 'this workstation is not the office’s standby');
    if (!this.options.officeKey) throw new DomainError('INTERNAL', 'this hub does not hold its key in a form it can hand over');
    const snapshot = await takeSnapshot(this.hub.db, path.join(this.options.dir, 'standby-tmp'), () => this.hub.now(), this.options.officeKey());
    try {
      const wrappedKey = wrapKey(this.options.officeKey(), standbyPublicKey, `${deviceId}:${snapshot.sha256}`);
      return { snapshot, wrappedKey, epoch: hubEpoch(this.hub.db).epoch };
    } catch (err) {
      snapshot.remove();
      throw err;
    }
  }

  /** The sealed page files of the store, by name (every page a snapshot taken before this call refers to is among them). */
  async pageNames(): Promise<string[]> {
    const root = path.join(this.options.dir, 'pages');
    const names: string[] = [];
    let prefixes: string[];
    try {
      prefixes = await readdir(root);
    } catch {
      return [];
    }
    for (const p of prefixes) {
      if (!/^[0-9a-f]{2}$/.test(p)) continue;
      for (const n of await readdir(path.join(root, p))) if (SHA.test(n) && n.startsWith(p)) names.push(n);
    }
    return names.sort();
  }

  /** The file of a sealed page, or null for a name that is not one. */
  pageFile(sha: string): string | null {
    return SHA.test(sha) ? path.join(this.options.dir, 'pages', sha.slice(0, 2), sha) : null;
  }

  /** The standby kept and verified the copy taken at `takenAt`: its age starts from there. */
  confirm(deviceId: number, takenAt: string, bytes: number, address: string | null): boolean {
    return recordStandbyCopy(this.hub.db, deviceId, takenAt, bytes, address);
  }

  /** Whether this hub learned it is superseded (then it must not serve). */
  superseded(): boolean {
    return this.supersededNow;
  }

  /** Runs `listener` once this hub learns it is superseded (the LAN server closes, the outbox stops). */
  whenSuperseded(listener: () => void): () => void {
    this.onSuperseded.add(listener);
    return () => this.onSuperseded.delete(listener);
  }

  /** A notice from a promoted hub: valid and of a higher epoch, this hub is superseded from now on. */
  receiveFence(notice: unknown, from: string | null): 'superseded' | 'stale' | 'invalid' {
    const statement = checkFenceFor(this.hub.db, notice);
    if (!statement) return 'invalid';
    const at = this.hub.now();
    const learned = this.hub.db.transaction(() => {
      const ok = recordSuperseded(this.hub.db, statement.epoch, at.toISOString(), statement.hubUrl);
      if (ok) record(this.hub.db, at, { actor: 'system', action: 'hubSuperseded', subject: null, detail: { epoch: statement.epoch, hubUrl: statement.hubUrl, promotedAt: statement.at, from } });
      return ok;
    }).immediate();
    const e = hubEpoch(this.hub.db);
    if (e.supersededEpoch === null) return 'stale';
    if (!this.supersededNow) {
      this.supersededNow = true;
      this.hub.log.warn('this hub is superseded by a promoted standby: it no longer serves', { epoch: e.supersededEpoch, hubUrl: e.supersededBy });
      for (const l of this.onSuperseded) l();
    }
    return learned || e.supersededEpoch !== null ? 'superseded' : 'stale';
  }

  /** The notice this hub gives out (set once it was promoted). */
  announce(notice: FenceNotice): void {
    this.notice = notice;
  }

  announced(): FenceNotice | null {
    return this.notice;
  }
}
