/**
 * Central submission throughput over real HTTP: N offices with one device each submit
 * M-page manifests as fast as the server answers. `tsx central/bench.ts [seconds]` runs it against
 * DATABASE_URL (PGlite in memory when unset); scripts/bench.ts calls benchCentralSubmissions.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { canonicalJson, headers, requestSigningInput, type Manifest } from '../core/sync/protocol';
import { createOffice, issueEnrollmentCode } from './admin';
import { createCentralApp } from './app';
import { pgSql, pgliteSql, type Sql } from './sql';
import { publicKeyToBase64url, sha256hex, signUtf8 } from './signing';

export interface CentralBenchOptions {
  sql: Sql;
  devices?: number;
  pagesPerSubmission?: number;
  seconds: number;
}

export interface CentralBenchResult {
  central_submissions_per_s: number;
  p50_ms: number;
  p99_ms: number;
}

interface BenchDevice {
  officeId: string;
  deviceId: string;
  privateKey: KeyObject;
}

/**
 * The storage floor of scripts/bench/sync.ts, in ms: the same bytes as `pages` pages, each INSERTed (autocommit, so durable like the
 * central's) into a bare bytea table of the same database, `concurrency` at a time.
 */
export async function byteaInsertsMs(sql: Sql, body: Buffer, pages: number, concurrency: number, run: number): Promise<number> {
  await sql.query('CREATE TABLE IF NOT EXISTS bench_blob (k text PRIMARY KEY, data bytea NOT NULL)');
  const size = Math.ceil(body.length / pages);
  const queue = Array.from({ length: pages }, (_, i) => i);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        await sql.query('INSERT INTO bench_blob (k, data) VALUES ($1, $2)', [`${run}-${i}`, body.subarray(i * size, (i + 1) * size)]);
      }
    }),
  );
  return performance.now() - t0;
}

export async function benchCentralSubmissions(options: CentralBenchOptions): Promise<CentralBenchResult> {
  const { sql, devices: deviceCount = 20, pagesPerSubmission = 10, seconds } = options;
  const app = await createCentralApp({ sql, limits: { perOfficePerMinute: 1e9 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: deviceCount * 2 });
  const run = String(Date.now()).slice(-6);

  const send = (method: string, path: string, body: Buffer | null, contentType: string | null, device?: BenchDevice) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const h: Record<string, string> = {};
      if (contentType) h['content-type'] = contentType;
      if (device) {
        const time = new Date().toISOString();
        h[headers.device] = device.deviceId;
        h[headers.time] = time;
        h[headers.signature] = signUtf8(device.privateKey, requestSigningInput(method, path, time, sha256hex(body ?? '')));
      }
      const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: h }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });

  try {
    // enroll one device per office and upload its pages
    const devices: { device: BenchDevice; pages: { sha256: string; bytes: number }[] }[] = [];
    for (let i = 0; i < deviceCount; i++) {
      const office = await createOffice(sql, { code: `9${run}${String(i).padStart(3, '0')}`, name: `bench office ${i}` });
      const { code } = await issueEnrollmentCode(sql, office.id, 600_000);
      const pair = generateKeyPairSync('ed25519');
      const enroll = await send('POST', '/v1/enroll', Buffer.from(JSON.stringify({ code, publicKey: publicKeyToBase64url(pair.publicKey), deviceName: `bench-${i}`, softwareVersion: 'bench' })), 'application/json');
      if (enroll.status !== 201) throw new Error(`bench enrollment failed: ${enroll.body}`);
      const device: BenchDevice = { officeId: office.id, deviceId: (JSON.parse(enroll.body) as { deviceId: string }).deviceId, privateKey: pair.privateKey };
      const pages = [];
      for (let p = 0; p < pagesPerSubmission; p++) {
        const data = Buffer.alloc(2048, `${office.id}:${p}`);
        const digest = sha256hex(data);
        const put = await send('PUT', `/v1/blobs/${digest}`, data, 'application/octet-stream', device);
        if (put.status !== 201 && put.status !== 200) throw new Error(`bench upload failed: ${put.body}`);
        pages.push({ sha256: digest, bytes: data.length });
      }
      devices.push({ device, pages });
    }

    const latencies: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      devices.map(async ({ device, pages }) => {
        let n = 0;
        while (performance.now() < deadline) {
          const submissionId = randomUUID();
          const manifest = benchManifest(device, submissionId, pages, ++n);
          const body = Buffer.from(JSON.stringify({ manifest, signature: signUtf8(device.privateKey, canonicalJson(manifest)) }));
          const t = performance.now();
          const res = await send('PUT', `/v1/submissions/${submissionId}`, body, 'application/json', device);
          if (res.status === 201) latencies.push(performance.now() - t);
          else if (++failures > 10) throw new Error(`bench submissions failing: ${res.status} ${res.body}`);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((x, y) => x - y);
    const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
    return { central_submissions_per_s: Math.round(latencies.length / elapsed), p50_ms: at(0.5), p99_ms: at(0.99) };
  } finally {
    agent.destroy();
    await app.close();
  }
}

function benchManifest(device: BenchDevice, submissionId: string, pages: { sha256: string; bytes: number }[], number: number): Manifest {
  return {
    v: 1,
    submissionId,
    officeId: device.officeId,
    deviceId: device.deviceId,
    request: { id: randomUUID(), year: 1405, number },
    service: 'petition',
    instance: 'first',
    queuedAt: new Date().toISOString(),
    deadline: null,
    applicant: { kind: 'natural', name: 'متقاضی آزمایشی', id: '0012345679' },
    parties: [{ role: 'defendant', name: 'خوانده آزمایشی' }],
    fees: { officeTariffRials: 850_000, judicialCostRials: 1_200_000, payableRials: 2_050_000, settlement: 'paid' },
    documents: [{ type: 'petition', pages: pages.map((p) => ({ sha256: p.sha256, bytes: p.bytes, mime: 'image/jpeg' as const })) }],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.argv[2] ?? 10);
  const url = process.env.DATABASE_URL;
  const sql = url ? pgSql(url, 10) : await pgliteSql();
  try {
    console.log(JSON.stringify({ database: url ? 'postgresql' : 'pglite', ...(await benchCentralSubmissions({ sql, seconds })) }));
  } finally {
    await sql.close();
  }
}
