// pg-exact-test: zone-independent (client options: no value depends on the process TZ)
// Liveness defaults of ExactClient (and so of createPool's clients): keepalive on, a connect
// timeout; each used only where the config leaves the option unset. No connection is opened.
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { createPool, ExactClient, livenessDefaults } from '../src/index.js';

/** What pg made of the options (pg keeps them on the client and its Connection). */
function liveness(client: pg.Client): { keepAlive: unknown; keepAliveInitialDelayMillis: unknown; connectionTimeoutMillis: unknown } {
  const internals = client as unknown as {
    connection: { _keepAlive: unknown; _keepAliveInitialDelayMillis: unknown };
    _connectionTimeoutMillis: unknown;
  };
  return {
    keepAlive: internals.connection._keepAlive,
    keepAliveInitialDelayMillis: internals.connection._keepAliveInitialDelayMillis,
    connectionTimeoutMillis: internals._connectionTimeoutMillis,
  };
}

describe('liveness defaults', () => {
  test('vanilla pg: no keepalive, no connect timeout (what the defaults are for); pins the internals read here', () => {
    expect(liveness(new pg.Client('postgres://localhost/x'))).toEqual({ keepAlive: false, keepAliveInitialDelayMillis: 0, connectionTimeoutMillis: 0 });
  });

  test('ExactClient: keepalive on after 10 s idle, 30 s connect timeout', () => {
    expect(livenessDefaults).toEqual({ keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 30_000 });
    expect(liveness(new ExactClient('postgres://localhost/x'))).toEqual(livenessDefaults);
  });

  test("the user's options win, false and 0 included", () => {
    const client = new ExactClient({ connectionString: 'postgres://localhost/x', keepAlive: false, connectionTimeoutMillis: 0, keepAliveInitialDelayMillis: 1000 });
    expect(liveness(client)).toEqual({ keepAlive: false, keepAliveInitialDelayMillis: 1000, connectionTimeoutMillis: 0 });
  });

  test('the config passed is not modified', () => {
    const config = { connectionString: 'postgres://localhost/x' };
    new ExactClient(config);
    expect(config).toEqual({ connectionString: 'postgres://localhost/x' });
  });

  test("createPool: the pool's clients get the defaults, the pool's own options win; the pool has an 'error' listener", async () => {
    const pool = createPool({ connectionString: 'postgres://localhost/x', connectionTimeoutMillis: 5000 });
    const Client = (pool as unknown as { Client: new (options: unknown) => pg.Client }).Client;
    const client = new Client((pool as unknown as { options: unknown }).options);
    expect(liveness(client)).toEqual({ keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 5000 });
    expect(pool.listenerCount('error')).toBe(1);
    await pool.end();
  });

  test("ExactClient listens to its own 'error' events, so a lost connection never crashes the process", () => {
    const client = new ExactClient('postgres://localhost/x');
    expect(client.listenerCount('error')).toBe(1);
    expect(() => client.emit('error', new Error('Connection terminated unexpectedly'))).not.toThrow();
  });
});
