// The online type change against the offline preset, on the same big table, with a writer and a
// lock probe running beside each. Run on demand (never in the test suite):
//
//   npm run build -w @pg-exact/core && node bench/online/run.mjs            # 10M rows (~15-25 min on 2 cores)
//   node bench/online/run.mjs --rows 200000                                  # a quick try
//
// Options: --rows N (default 10000000, or PG_EXACT_ONLINE_BENCH_ROWS), --batch N (10000),
// --sleep MS (10), --keep (do not drop the database), --skip-offline. DATABASE_URL picks the server;
// the bench creates and finally drops its own database, pg_exact_online_bench.
//
// What it measures, for each path:
// - the longest wait of a probe that runs `SELECT … WHERE id = $1` every 50 ms on its own
//   connection (only an ACCESS EXCLUSIVE lock blocks a SELECT, so this is the longest time the
//   table was unreadable), and the longest write latency of the writer;
// - the writes (INSERT of a new row or UPDATE of a random old one, autocommit) the writer completed
//   while the migration ran, and per second;
// - a checksum of the original rows before and after (sum of hashtext over every column the
//   writer does not touch), the inserted rows and the updates counted by the writer.
import { onlineMigration, presets } from '@pg-exact/core';
import pg from 'pg';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' },
    batch: { type: 'string', default: '10000' },
    sleep: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    'skip-offline': { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows ?? process.env.PG_EXACT_ONLINE_BENCH_ROWS ?? 10_000_000);
const BATCH = Number(args.batch);
const SLEEP = Number(args.sleep);
const DATABASE = 'pg_exact_online_bench';
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = Object.assign(new URL(serverUrl), { pathname: `/${DATABASE}` }).toString();
const rawText = { getTypeParser: () => (text) => text };
const connect = async (url = benchUrl) => {
  const client = new pg.Client({ connectionString: url, types: rawText, application_name: 'pg-exact online bench' });
  await client.connect();
  return client;
};
const log = (...parts) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
const ms = (n) => `${Math.round(n)} ms`;
/** The migration step running now: the probe and the writer keep their longest wait per step. */
let currentStep = 'before';
const keepMax = (record, value) => {
  record[currentStep] = Math.max(record[currentStep] ?? 0, Math.round(value));
};

/** Deterministic rows, so both paths start from the same data. */
async function createTables(db) {
  await db.query('DROP TABLE IF EXISTS order_items, orders');
  await db.query(`CREATE TABLE orders (
    id serial PRIMARY KEY, customer_id integer NOT NULL, amount numeric(12,2) NOT NULL, note text,
    created_at timestamp NOT NULL, touched integer NOT NULL DEFAULT 0)`);
  const began = performance.now();
  await db.query(`INSERT INTO orders (customer_id, amount, note, created_at)
    SELECT g % 100000, (g % 99999) / 100.0, 'order ' || g, '2020-01-01'::timestamp + g * interval '1 second'
      FROM generate_series(1, ${ROWS}) g`);
  await db.query('CREATE INDEX orders_customer_id ON orders (customer_id, id)');
  await db.query('CREATE TABLE order_items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id integer NOT NULL REFERENCES orders (id))');
  await db.query(`INSERT INTO order_items (order_id) SELECT g FROM generate_series(1, ${ROWS}, 10) g`);
  await db.query('VACUUM ANALYZE orders');
  await db.query('VACUUM ANALYZE order_items');
  log(`created ${ROWS} orders (+ ${Math.ceil(ROWS / 10)} order_items) in ${ms(performance.now() - began)}`);
}

const CHECKSUM = `SELECT count(*)::text AS rows, sum(hashtext((id, customer_id, amount, note, created_at)::text)::bigint)::text AS sum
                    FROM orders WHERE id <= ${ROWS}`;

/** Every 50 ms a point SELECT; the longest it waited is the longest the table was unreadable. */
function startProbe() {
  let stop = false;
  const waits = [];
  const byStep = {};
  const done = (async () => {
    const client = await connect();
    try {
      await client.query("SET statement_timeout = '10min'");
      for (let i = 0; !stop; i++) {
        const began = performance.now();
        await client.query('SELECT id FROM orders WHERE id = $1', [1 + ((i * 7919) % ROWS)]);
        waits.push(performance.now() - began);
        keepMax(byStep, performance.now() - began);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await client.end();
    }
  })();
  return { stop: async () => ((stop = true), await done, { probes: waits.length, maxWaitMs: Math.max(0, ...waits), over100ms: waits.filter((w) => w > 100).length, byStep }) };
}

/** Autocommit writes as fast as one connection goes: new rows and updates of old ones. */
function startWriter() {
  let stop = false;
  let inserts = 0;
  let updates = 0;
  let maxLatency = 0;
  const byStep = {};
  const done = (async () => {
    const client = await connect();
    try {
      for (let i = 0; !stop; i++) {
        const began = performance.now();
        if (i % 2 === 0) {
          await client.query("INSERT INTO orders (customer_id, amount, note, created_at) VALUES ($1, 1.5, 'live', now()::timestamp)", [i % 100000]);
          inserts++;
        } else {
          await client.query('UPDATE orders SET touched = touched + 1 WHERE id = $1', [1 + ((i * 104729) % ROWS)]);
          updates++;
        }
        maxLatency = Math.max(maxLatency, performance.now() - began);
        keepMax(byStep, performance.now() - began);
      }
    } finally {
      await client.end();
    }
  })();
  return { stop: async () => ((stop = true), await done, { inserts, updates, writes: inserts + updates, maxLatencyMs: maxLatency, byStep }) };
}

/** Runs `body` with the probe and the writer beside it; returns their figures and the data check. */
async function measured(db, name, body) {
  const before = (await db.query(CHECKSUM)).rows[0];
  currentStep = 'before';
  const probe = startProbe();
  const writer = startWriter();
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the workload is running before the migration starts
  const began = performance.now();
  const extra = await body();
  const seconds = (performance.now() - began) / 1000;
  currentStep = 'after';
  const w = await writer.stop();
  const p = await probe.stop();
  const after = (await db.query(CHECKSUM)).rows[0];
  const inserted = (await db.query(`SELECT count(*)::text AS n FROM orders WHERE id > ${ROWS}`)).rows[0].n;
  const touched = (await db.query('SELECT sum(touched)::text AS touched FROM orders')).rows[0].touched;
  const type = (await db.query("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'id'")).rows[0].type;
  const identical = before.rows === after.rows && before.sum === after.sum && Number(inserted) === w.inserts && Number(touched) === w.updates;
  const result = {
    name,
    seconds: Number(seconds.toFixed(1)),
    maxProbeWaitMs: Math.round(p.maxWaitMs),
    probesOver100ms: p.over100ms,
    probes: p.probes,
    maxProbeWaitMsByStep: p.byStep,
    maxWriteLatencyMsByStep: w.byStep,
    writes: w.writes,
    writesPerSecond: Math.round(w.writes / seconds),
    maxWriteLatencyMs: Math.round(w.maxLatencyMs),
    idType: type,
    checksumBefore: `${before.rows}/${before.sum}`,
    checksumAfter: `${after.rows}/${after.sum}`,
    identical,
    ...extra,
  };
  log(name, JSON.stringify(result));
  return result;
}

const admin = await connect(serverUrl);
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
await admin.query(`CREATE DATABASE ${DATABASE}`);
const db = await connect();
const results = [];
try {
  const server = (await db.query('SHOW server_version')).rows[0].server_version;
  log(`PostgreSQL ${server}, ${ROWS} rows, batch ${BATCH}, sleep ${SLEEP} ms`);

  await createTables(db);
  const migrationClient = await connect();
  const steps = {};
  results.push(
    await measured(db, 'online int4ToInt8 (start → cleanup)', async () => {
      let lastLog = 0;
      const locks = {};
      const migration = onlineMigration(migrationClient, {
        preset: 'int4ToInt8',
        table: 'orders',
        column: 'id',
        batchSize: BATCH,
        sleepMs: SLEEP,
        onProgress: (event) => {
          if (event.lockedMs !== undefined) locks[event.step] = Math.round(event.lockedMs);
          if (event.step !== 'backfill' || performance.now() - lastLog > 30_000) {
            lastLog = performance.now();
            log(`  ${event.step}: ${event.message}`);
          }
        },
      });
      for (const step of ['start', 'backfill', 'prepare', 'swap', 'cleanup']) {
        const began = performance.now();
        currentStep = step;
        await migration[step]();
        steps[step] = Number(((performance.now() - began) / 1000).toFixed(1));
      }
      const state = await migration.status();
      return { stepSeconds: steps, lockTransactionMs: locks, rowsBackfilled: state.rowsDone };
    }),
  );
  await migrationClient.end();

  if (!args['skip-offline']) {
    await createTables(db);
    results.push(
      await measured(db, 'offline presets.int4ToInt8 (ALTER COLUMN TYPE)', async () => {
        const preset = presets.int4ToInt8({ table: 'orders', column: 'id', lockTimeout: '5min' });
        const client = await connect();
        const began = performance.now();
        currentStep = 'alter';
        await client.query('BEGIN');
        await client.query(preset.up);
        await client.query('COMMIT');
        const lockTransactionMs = Math.round(performance.now() - began);
        await client.end();
        return { lockTransactionMs: { alter: lockTransactionMs } };
      }),
    );
  }

  // PostgreSQL 12+ shortcut: timestamp → timestamptz read as UTC changes no byte on disk.
  const node = async () => (await db.query("SELECT pg_relation_filenode('orders')::text AS node")).rows[0].node;
  const nodeBefore = await node();
  const tzClient = await connect();
  const tz = await onlineMigration(tzClient, { preset: 'timestampToTimestamptz', fromZone: 'UTC', table: 'orders', column: 'created_at' }).run();
  await tzClient.end();
  results.push({ name: 'timestampToTimestamptz fromZone UTC (in-place fast path)', lockTransactionMs: Math.round(tz.plan.inPlace?.lockedMs ?? NaN), rewrote: tz.plan.inPlace?.rewrote, filenodeUnchanged: nodeBefore === (await node()) });
  log(JSON.stringify(results.at(-1)));

  console.log(JSON.stringify({ server, rows: ROWS, batch: BATCH, sleepMs: SLEEP, results }, null, 2));
} finally {
  await db.end();
  if (!args.keep) await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.end();
}
