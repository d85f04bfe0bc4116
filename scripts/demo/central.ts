/**
 * The reference central on embedded PostgreSQL (PGlite, in memory), for demos and the e2e suite: a
 * demo office and a one-time enrollment code to give the manager's «ارسال به سامانه».
 */
export async function startDemoCentral(port: number): Promise<{ url: string; code: string; registry: string; close(): Promise<void> }> {
  const [{ createCentralApp }, { pgliteSql }, admin, demo] = await Promise.all([
    import('../../central/app'),
    import('../../central/sql'),
    import('../../central/admin'),
    import('./registry'),
  ]);
  const sql = await pgliteSql();
  const app = await createCentralApp({ sql });
  await app.listen({ host: '127.0.0.1', port });
  const office = await admin.createOffice(sql, { code: '1234', name: 'دفتر نمونه' });
  const { code } = await admin.issueEnrollmentCode(sql, office.id);
  // stand-in registry rows, so every inquiry kind has something to find (scripts/demo/registry.ts)
  await demo.seedDemoRegistry(sql);
  const address = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    code,
    registry: demo.demoRegistrySummary,
    async close() {
      await app.close();
      await sql.close();
    },
  };
}

