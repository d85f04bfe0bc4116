import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCentralSubmissions } from './bench';
import { pgliteSql, type Sql } from './sql';

describe('benchCentralSubmissions', () => {
  let sql: Sql;
  beforeAll(async () => {
    sql = await pgliteSql();
  }, 30_000);
  afterAll(async () => {
    await sql?.close();
  });

  it('submits over real HTTP and reports rate and latency percentiles', async () => {
    const result = await benchCentralSubmissions({ sql, devices: 2, pagesPerSubmission: 2, seconds: 0.5 });
    expect(result.central_submissions_per_s).toBeGreaterThan(0);
    expect(result.p99_ms).toBeGreaterThanOrEqual(result.p50_ms);
  });
});
