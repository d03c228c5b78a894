import { call, Json, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import { runToEnd, startRun, waitForRun } from './support/runs';

/**
 * The process admin API (§6.4): segment, measure and schedule definitions checked when
 * saved, manual runs and their history; and what runs produce (§6.3): the read-only
 * `Segments` entity and each segment's membership entity, equal to what the filter selects.
 */
describe('process admin API (e2e)', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw?.close());

  const admin = (path: string) => `${gw.url}/admin/datasets/demo${path}`;
  const get = (url: string) => call(url, { headers: gw.admin });
  const put = (path: string, body: unknown) => call(admin(path), jsonInit('PUT', body, gw.admin));
  const del = (path: string) => call(admin(path), { method: 'DELETE', headers: gw.admin });
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

  /** Every customer's key and points, read through the items route (all pages). */
  async function allCustomers(): Promise<{ CustomerId: string; LoyaltyPoints: number | null; Country: string | null }[]> {
    const rows: Json[] = [];
    let next: string | undefined = `${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId,LoyaltyPoints,Country`;
    while (next) {
      const res = await get(next);
      expect(res.status).toBe(200);
      rows.push(...res.body.value);
      next = res.body['@odata.nextLink'];
    }
    return rows;
  }
  /** All rows of a connector table, without the etags. */
  async function tableRows(table: string, query = ''): Promise<Json[]> {
    const res = await get(`${gw.url}/datasets/demo/tables/${table}/items${query}`);
    expect(res.status).toBe(200);
    expect(res.body['@odata.nextLink']).toBeUndefined();
    return res.body.value.map(({ '@odata.etag': _etag, ...row }: Json) => row);
  }
  const expect400 = (res: { status: number; body: Json }, code: string, target: string | undefined, message?: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code, message: message ? expect.stringMatching(message) : expect.any(String), target, details: expect.any(Array) });
  };

  describe('segments', () => {
    it('lists the demo segments, not evaluated before the first run', async () => {
      const res = await get(admin('/segments'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        value: [
          { name: 'HighValue', displayName: 'High-value customers', filter: 'LoyaltyPoints gt 15000', state: 'active', entityCount: null, evaluationDate: null },
          {
            name: 'GoldAndPlatinum',
            displayName: 'Gold and Platinum members',
            filter: "LoyaltyTier eq 'Gold' or LoyaltyTier eq 'Platinum'",
            state: 'active',
            entityCount: null,
            evaluationDate: null,
          },
        ],
      });
    });

    it('creates, replaces, evaluates and deletes a segment; the list shows the latest evaluation', async () => {
      const created = await put('/segments/Loyal', { filter: 'LoyaltyPoints ge 10000', displayName: 'Loyal customers' });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({ name: 'Loyal', displayName: 'Loyal customers', filter: 'LoyaltyPoints ge 10000', state: 'active' });
      const listed = async () => (await get(admin('/segments'))).body.value.find((s: Json) => s.name === 'Loyal');
      expect(await listed()).toEqual({ ...created.body, entityCount: null, evaluationDate: null });

      const customers = await allCustomers();
      const run = await runToEnd(gw, 'segments');
      expect(run.status).toBe('Successful');
      const loyalTask = run.tasks.find((t: Json) => t.kind === 'segment' && t.name === 'Loyal');
      const expected = customers.filter((c) => (c.LoyaltyPoints ?? -1) >= 10000).length;
      expect(expected).toBeGreaterThan(0);
      expect(loyalTask).toMatchObject({ process: 'segments', status: 'Successful', result: { entityCount: expected } });
      const evaluated = await listed();
      expect(evaluated).toEqual({ ...created.body, entityCount: expected, evaluationDate: expect.stringMatching(ISO) });
      expect(Date.parse(loyalTask.startedAt)).toBeLessThanOrEqual(Date.parse(evaluated.evaluationDate));
      expect(Date.parse(evaluated.evaluationDate)).toBeLessThanOrEqual(Date.parse(loyalTask.endedAt));

      // Replaced: the definition changes at once; the list keeps the latest evaluation until the next run.
      const replaced = await put('/segments/Loyal', { filter: 'LoyaltyPoints ge 20000', displayName: 'Very loyal', state: 'active' });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toEqual({ name: 'Loyal', displayName: 'Very loyal', filter: 'LoyaltyPoints ge 20000', state: 'active' });
      expect(await listed()).toEqual({ ...replaced.body, entityCount: expected, evaluationDate: evaluated.evaluationDate });
      expect((await get(admin('/segments'))).body.value.filter((s: Json) => s.name === 'Loyal')).toHaveLength(1);
      await runToEnd(gw, 'segments');
      const fewer = customers.filter((c) => (c.LoyaltyPoints ?? -1) >= 20000).length;
      expect(fewer).toBeLessThan(expected);
      const reevaluated = await listed();
      expect(reevaluated).toEqual({ ...replaced.body, entityCount: fewer, evaluationDate: expect.stringMatching(ISO) });
      expect(Date.parse(reevaluated.evaluationDate)).toBeGreaterThan(Date.parse(evaluated.evaluationDate));
      expect((await tableRows('Loyal')).length).toBe(fewer);

      // Deleted: 204, then 404; its membership entity goes with it.
      const removed = await del('/segments/Loyal');
      expect(removed.status).toBe(204);
      const again = await del('/segments/Loyal');
      expect(again.status).toBe(404);
      expect(again.body.error).toMatchObject({ code: 'SEGMENT_NOT_FOUND', target: 'Loyal' });
      expect((await get(admin('/segments'))).body.value.map((s: Json) => s.name)).toEqual(['HighValue', 'GoldAndPlatinum']);
      expect((await get(`${gw.url}/datasets/demo/tables/Loyal/items`)).status).toBe(404);
    });

    it('does not evaluate an inactive segment', async () => {
      expect((await put('/segments/Dormant', { filter: 'LoyaltyPoints lt 0', state: 'inactive' })).status).toBe(200);
      const run = await runToEnd(gw, 'segments');
      expect(run.tasks.map((t: Json) => `${t.kind}:${t.name}`)).toEqual(['segment:HighValue', 'segment:GoldAndPlatinum', 'partitions:partitions']);
      const dormant = (await get(admin('/segments'))).body.value.find((s: Json) => s.name === 'Dormant');
      expect(dormant).toMatchObject({ state: 'inactive', entityCount: null, evaluationDate: null });
      expect((await del('/segments/Dormant')).status).toBe(204);
    });

    it('rejects a definition that does not validate when it is saved (400), leaving the list as it was', async () => {
      const before = (await get(admin('/segments'))).body;
      expect400(await put('/segments/Broken', { filter: 'LoyaltyPoints gt', displayName: 'Broken' }), 'ODATA_SYNTAX', '$filter', /Syntax error/);
      expect400(await put('/segments/Broken', { filter: 'Shoesize gt 42' }), 'ODATA_UNKNOWN_PROPERTY', 'Shoesize', /Property 'Shoesize' does not exist/);
      expect400(await put('/segments/Broken', { filter: '' }), 'VALIDATION_FAILED', 'filter');
      expect400(await put('/segments/Broken', { displayName: 'No filter' }), 'VALIDATION_FAILED', 'filter');
      expect400(await put('/segments/Broken', { filter: 'LoyaltyPoints gt 1', color: 'red' }), 'VALIDATION_FAILED', 'color', /property color should not exist/);
      expect400(await put('/segments/Broken', { filter: 'LoyaltyPoints gt 1', state: 'paused' }), 'VALIDATION_FAILED', 'state');
      expect400(await put('/segments/bad-name', { filter: 'LoyaltyPoints gt 1' }), 'BAD_REQUEST', 'name', /letters, digits and _/);
      const contains = await put('/segments/Broken', { filter: "contains(Email,'example')" });
      expect(contains.status).toBe(400);
      expect(contains.body.error).toMatchObject({ code: 'ODATA_FILTER_FUNCTION', target: 'contains' });
      expect((await get(admin('/segments'))).body).toEqual(before);
    });
  });

  describe('measures', () => {
    it('creates measures, evaluates them to what the data says, and deletes them', async () => {
      const french = await put('/measures/FrenchCustomers', { entity: 'Customer', aggregate: 'count', filter: "Country eq 'France'", displayName: 'Customers in France' });
      expect(french.status).toBe(200);
      expect(french.body).toEqual({ name: 'FrenchCustomers', displayName: 'Customers in France', entity: 'Customer', aggregate: 'count', field: null, filter: "Country eq 'France'" });
      const max = await put('/measures/MaxPoints', { entity: 'Customer', aggregate: 'max', field: 'LoyaltyPoints' });
      expect(max.status).toBe(200);
      expect(max.body).toEqual({ name: 'MaxPoints', displayName: 'MaxPoints', entity: 'Customer', aggregate: 'max', field: 'LoyaltyPoints', filter: null });
      expect((await put('/measures/AvgPoints', { entity: 'Customer', aggregate: 'avg', field: 'LoyaltyPoints' })).status).toBe(200);

      const listed = async (name: string) => (await get(admin('/measures'))).body.value.find((m: Json) => m.name === name);
      expect(await listed('FrenchCustomers')).toEqual({ ...french.body, value: null, evaluationDate: null });

      const run = await runToEnd(gw, 'measures');
      expect(run.status).toBe('Successful');
      expect(run.tasks.map((t: Json) => t.name)).toEqual(['CustomerCount', 'TotalSpend', 'AverageOrderValue', 'FrenchCustomers', 'MaxPoints', 'AvgPoints']);

      const customers = await allCustomers();
      const inFrance = await get(`${gw.url}/datasets/demo/tables/Customer/items?$filter=Country eq 'France'&$count=true&$select=CustomerId`);
      expect(inFrance.status).toBe(200);
      expect(inFrance.body['@odata.count']).toBe(customers.filter((c) => c.Country === 'France').length);
      const points = customers.map((c) => c.LoyaltyPoints).filter((p): p is number => p !== null);
      expect(await listed('FrenchCustomers')).toEqual({ ...french.body, value: inFrance.body['@odata.count'], evaluationDate: expect.stringMatching(ISO) });
      expect((await listed('MaxPoints')).value).toBe(Math.max(...points));
      expect((await listed('AvgPoints')).value).toBeCloseTo(points.reduce((a, b) => a + b, 0) / points.length, 6);
      expect((await listed('CustomerCount')).value).toBe(customers.length);

      for (const name of ['FrenchCustomers', 'MaxPoints', 'AvgPoints']) expect((await del(`/measures/${name}`)).status).toBe(204);
      const again = await del('/measures/MaxPoints');
      expect(again.status).toBe(404);
      expect(again.body.error).toMatchObject({ code: 'MEASURE_NOT_FOUND', target: 'MaxPoints' });
      expect((await get(admin('/measures'))).body.value.map((m: Json) => m.name)).toEqual(['CustomerCount', 'TotalSpend', 'AverageOrderValue']);
    });

    it('rejects a measure that cannot be evaluated when it is saved (400)', async () => {
      const before = (await get(admin('/measures'))).body;
      expect400(await put('/measures/Bad', { entity: 'Customer', aggregate: 'sum', field: 'Email' }), 'STORE_MANIFEST_INVALID', undefined, /'sum' needs a numeric field; 'Email' is Edm.String/);
      const avgOfText = await put('/measures/Bad', { entity: 'Customer', aggregate: 'avg', field: 'City' });
      expect(avgOfText.status).toBe(400);
      expect(avgOfText.body.error.message).toMatch(/numeric field.*'City'/);
      expect400(await put('/measures/Bad', { entity: 'Customer', aggregate: 'sum', field: 'Shoesize' }), 'BAD_REQUEST', 'field', /not an attribute of 'Customer'/);
      expect400(await put('/measures/Bad', { entity: 'Customer', aggregate: 'sum' }), 'BAD_REQUEST', 'field', /needs a field/);
      expect400(await put('/measures/Bad', { entity: 'Nowhere', aggregate: 'count' }), 'BAD_REQUEST', 'entity', /'Nowhere' is not an entity/);
      expect400(await put('/measures/Bad', { entity: 'Customer', aggregate: 'median', field: 'LoyaltyPoints' }), 'VALIDATION_FAILED', 'aggregate');
      expect400(await put('/measures/Bad', { entity: 'Customer', aggregate: 'count', filter: 'Country eq' }), 'ODATA_SYNTAX', '$filter');
      expect400(await put('/measures/Bad', { entity: 'Customer', aggregate: 'count', unit: 'EUR' }), 'VALIDATION_FAILED', 'unit');
      expect((await get(admin('/measures'))).body).toEqual(before);
    });
  });

  describe('schedule', () => {
    it('reads and replaces the schedule, and rejects cron expressions and time zones that cannot run', async () => {
      const schedule = admin('/schedule');
      expect((await get(schedule)).body).toEqual({ cron: ['0 0 2 * * *'], timezone: 'UTC', active: true });

      const replaced = await put('/schedule', { cron: ['0 30 1 * * *', '0 0 13 * * 1-5'], timezone: 'Europe/Paris', active: false });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toEqual({ cron: ['0 30 1 * * *', '0 0 13 * * 1-5'], timezone: 'Europe/Paris', active: false });
      expect((await get(schedule)).body).toEqual(replaced.body);

      expect400(await put('/schedule', { cron: ['nonsense'] }), 'BAD_REQUEST', 'cron', /'nonsense' is not a cron expression/);
      expect400(await put('/schedule', { cron: ['0 0 2 * * *', '61 * * * *'] }), 'BAD_REQUEST', 'cron', /'61 \* \* \* \*'/);
      expect400(await put('/schedule', { cron: ['0 0 2 * * *'], timezone: 'Mars/Olympus' }), 'BAD_REQUEST', 'timezone', /'Mars\/Olympus' is not an IANA time zone/);
      expect400(await put('/schedule', { cron: [] }), 'VALIDATION_FAILED', 'cron');
      expect400(await put('/schedule', { cron: '0 0 2 * * *' }), 'VALIDATION_FAILED', 'cron');
      expect400(await put('/schedule', { cron: ['0 0 2 * * *'], active: 'yes' }), 'VALIDATION_FAILED', 'active');
      expect400(await put('/schedule', { cron: ['0 0 2 * * *'], every: 'day' }), 'VALIDATION_FAILED', 'every');
      expect((await get(schedule)).body).toEqual(replaced.body);

      // Defaults: UTC, active.
      const restored = await put('/schedule', { cron: ['0 0 2 * * *'] });
      expect(restored.body).toEqual({ cron: ['0 0 2 * * *'], timezone: 'UTC', active: true });
    });
  });

  describe('derived entities', () => {
    it('serves the Segments entity, equal to the definitions and their latest evaluations, read-only', async () => {
      await runToEnd(gw, 'segments');
      const listed = (await get(admin('/segments'))).body.value;
      const rows = await tableRows('Segments');
      const expected = listed.map((s: Json) => ({
        Name: s.name,
        DisplayName: s.displayName,
        Filter: s.filter,
        State: s.state,
        EntityCount: s.entityCount,
        EvaluationDate: s.evaluationDate,
      }));
      expect(rows).toEqual(expect.arrayContaining(expected));
      expect(rows).toHaveLength(expected.length);
      expect(rows.every((r) => typeof r.EntityCount === 'number')).toBe(true);
      const one = await get(`${gw.url}/datasets/demo/tables/Segments/items/HighValue`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject(expected.find((s: Json) => s.Name === 'HighValue'));

      const items = `${gw.url}/datasets/demo/tables/Segments/items`;
      for (const [method, url] of [['POST', items], ['PATCH', `${items}/HighValue`], ['DELETE', `${items}/HighValue`]] as const) {
        const res = await call(url, method === 'DELETE' ? { method, headers: gw.admin } : jsonInit(method, { Name: 'Mine', Filter: 'LoyaltyPoints gt 0' }, gw.admin));
        expect(res.status).toBe(405);
        expect(res.body.error).toMatchObject({ code: 'ENTITY_READ_ONLY', message: expect.stringMatching(/read-only/) });
      }
      const metadata = await get(`${gw.url}/$metadata.json/datasets/demo/tables/Segments`);
      expect(metadata.body['x-ms-permission']).toBe('read-only');
    });

    it('serves each segment as a read-only entity holding exactly the customers its filter selects', async () => {
      const members = async () => (await tableRows('HighValue', '?$select=CustomerId')).map((r) => r.CustomerId as string).sort();
      const selected = async () =>
        (await allCustomers())
          .filter((c) => (c.LoyaltyPoints ?? -1) > 15000)
          .map((c) => c.CustomerId)
          .sort();
      await runToEnd(gw, 'segments');
      const first = await members();
      expect(first.length).toBeGreaterThan(0);
      expect(first).toEqual(await selected());
      const highValue = (await get(admin('/segments'))).body.value.find((s: Json) => s.name === 'HighValue');
      expect(highValue.entityCount).toBe(first.length);

      // A member row is the customer's record.
      const [someone] = first;
      const member = await get(`${gw.url}/datasets/demo/tables/HighValue/items/${someone}`);
      const customer = await get(`${gw.url}/datasets/demo/tables/Customer/items/${someone}`);
      expect(member.status).toBe(200);
      expect(member.body.LoyaltyPoints).toBe(customer.body.LoyaltyPoints);

      // A customer who qualifies joins at the next evaluation, not before.
      const outsider = (await allCustomers()).find((c) => (c.LoyaltyPoints ?? 0) <= 15000 && c.LoyaltyPoints !== null) as { CustomerId: string; LoyaltyPoints: number };
      const lift = await call(`${gw.url}/datasets/demo/tables/Customer/items/${outsider.CustomerId}`, jsonInit('PATCH', { LoyaltyPoints: 15001 }, gw.admin));
      expect(lift.status).toBe(200);
      let after: string[];
      try {
        expect(await members()).toEqual(first);
        await runToEnd(gw, 'segments');
        after = await members();
        expect(after).toContain(outsider.CustomerId);
        expect(after).toEqual(await selected());
        expect(after).toHaveLength(first.length + 1);
      } finally {
        await call(`${gw.url}/datasets/demo/tables/Customer/items/${outsider.CustomerId}`, jsonInit('PATCH', { LoyaltyPoints: outsider.LoyaltyPoints }, gw.admin));
      }

      const tables = await get(`${gw.url}/datasets/demo/tables`);
      const table = tables.body.value.find((t: Json) => t.Name === 'HighValue');
      expect(table).toMatchObject({ DisplayName: expect.any(String), DynamicProperties: expect.objectContaining({ kind: 'segment', keyField: 'CustomerId' }) });
      const metadata = await get(`${gw.url}/$metadata.json/datasets/demo/tables/HighValue`);
      expect(metadata.body['x-ms-permission']).toBe('read-only');
      const write = await call(`${gw.url}/datasets/demo/tables/HighValue/items`, jsonInit('POST', { CustomerId: 'C-NEW' }, gw.admin));
      expect(write.status).toBe(405);
      expect((await call(`${gw.url}/datasets/demo/tables/HighValue/items/${someone}`, { method: 'DELETE', headers: gw.admin })).status).toBe(405);
      expect(await members()).toEqual(after);
    });
  });

  describe('runs', () => {
    it('starts a run (202), shows it with its tasks in dependency order, and lists runs newest first', async () => {
      const started = await startRun(gw, 'fullRefresh');
      expect(started).toEqual({ id: expect.stringMatching(/^run_[A-Za-z0-9_-]{12,}$/), process: 'fullRefresh', status: 'Queued', submissionKind: 'Manual', createdAt: expect.stringMatching(ISO) });
      const run = await waitForRun(gw, started.id);
      const segments = (await get(admin('/segments'))).body.value.filter((s: Json) => s.state === 'active').map((s: Json) => s.name);
      const measures = (await get(admin('/measures'))).body.value.map((m: Json) => m.name);
      expect(run).toMatchObject({
        id: started.id,
        process: 'fullRefresh',
        status: 'Successful',
        submissionKind: 'Manual',
        createdAt: started.createdAt,
        startedAt: expect.stringMatching(ISO),
        endedAt: expect.stringMatching(ISO),
        durationMs: expect.any(Number),
        cancelRequested: false,
        error: null,
      });
      expect(run.durationMs).toBe(Date.parse(run.endedAt) - Date.parse(run.startedAt));
      expect(run.tasks.map((t: Json) => [t.seq, t.process, t.kind, t.name])).toEqual([
        [0, 'dataSources', 'dataSource', 'PosSystem'],
        ...segments.map((name: string, i: number) => [1 + i, 'segments', 'segment', name]),
        ...measures.map((name: string, i: number) => [1 + segments.length + i, 'measures', 'measure', name]),
        [1 + segments.length + measures.length, 'fullRefresh', 'partitions', 'partitions'],
      ]);
      let previousEnd = Date.parse(run.startedAt);
      for (const t of run.tasks) {
        expect(t.status).toBe('Successful');
        expect(Date.parse(t.startedAt)).toBeGreaterThanOrEqual(previousEnd);
        expect(Date.parse(t.endedAt)).toBeGreaterThanOrEqual(Date.parse(t.startedAt));
        expect(t.durationMs).toBe(Date.parse(t.endedAt) - Date.parse(t.startedAt));
        previousEnd = Date.parse(t.endedAt);
      }
      expect(previousEnd).toBeLessThanOrEqual(Date.parse(run.endedAt));
      const purchases = await get(`${gw.url}/datasets/demo/tables/PosPurchases/items?$count=true&$select=PurchaseId`);
      expect(run.tasks[0].result.rows).toEqual({ PosPurchases: purchases.body['@odata.count'] });

      const measuresRun = await runToEnd(gw, 'measures');
      const list = await get(admin('/runs'));
      expect(list.status).toBe(200);
      const ids = list.body.value.map((r: Json) => r.id);
      expect(ids.slice(0, 2)).toEqual([measuresRun.id, run.id]);
      expect(list.body.value[1]).toEqual(run);
      const created = list.body.value.map((r: Json) => Date.parse(r.createdAt));
      expect([...created].sort((a, b) => b - a)).toEqual(created);

      const onlyMeasures = await get(admin('/runs?process=measures'));
      expect(onlyMeasures.body.value.length).toBeGreaterThan(0);
      expect(onlyMeasures.body.value.every((r: Json) => r.process === 'measures')).toBe(true);
      expect(onlyMeasures.body.value[0].id).toBe(measuresRun.id);
      expect400(await get(admin('/runs?process=nightly')), 'BAD_REQUEST', 'process', /Unknown process 'nightly'/);
    });

    it('answers unknown runs, processes and datasets with 404 / 400', async () => {
      const missing = await get(admin('/runs/run_doesnotexist'));
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'RUN_NOT_FOUND', message: "Dataset 'demo' has no run 'run_doesnotexist'.", target: 'run_doesnotexist', details: [] });
      const process = await call(admin('/processes/nightly/runs'), jsonInit('POST', {}, gw.admin));
      expect400(process, 'BAD_REQUEST', 'process', /Unknown process 'nightly'.*dataSources, segments, measures, fullRefresh/);
      expect((await get(`${gw.url}/admin/datasets/nowhere/runs`)).status).toBe(404);
      expect((await call(`${gw.url}/admin/datasets/nowhere/processes/segments/runs`, jsonInit('POST', {}, gw.admin))).status).toBe(404);
    });

    it('keeps the admin API to admin connections (403) and credentials (401)', async () => {
      const created = await call(`${gw.url}/admin/connections`, jsonInit('POST', { displayName: 'writer', role: 'writer', datasets: ['demo'] }, gw.admin));
      const writer = { authorization: `Bearer ${created.body.key}` };
      const attempts = [
        call(admin('/runs'), { headers: writer }),
        call(admin('/processes/segments/runs'), jsonInit('POST', {}, writer)),
        call(admin('/segments/Mine'), jsonInit('PUT', { filter: 'LoyaltyPoints gt 1' }, writer)),
        call(admin('/schedule'), jsonInit('PUT', { cron: ['* * * * * *'] }, writer)),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN_ROLE');
      }
      const anonymous = await call(admin('/runs'));
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect((await get(admin('/schedule'))).body).toEqual({ cron: ['0 0 2 * * *'], timezone: 'UTC', active: true });
    });
  });
});
