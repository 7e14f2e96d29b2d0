// For a CommonJS app: the ORM our adapter extends must be the app's own (one Kysely, one drizzle-orm,
// one Prisma runtime), not a second copy loaded through another module format. Each snippet runs in
// the generated entry-points.cjs, where `problems` collects what is wrong.

const SNIPPETS = {
  kysely: `
  {
    const kysely = require('kysely');
    const { ExactPostgresDialect, ExactPGliteDialect, IdentityReturningPlugin } = require('@pg-exact/kysely');
    for (const dialect of [new ExactPostgresDialect({ connectionString: 'postgres://unused' }), new ExactPGliteDialect()]) {
      if (!(dialect.createAdapter() instanceof kysely.PostgresAdapter)) problems.push(dialect.constructor.name + ': its PostgresAdapter is not the app\\'s kysely');
      if (!(dialect.createQueryCompiler() instanceof kysely.PostgresQueryCompiler)) problems.push(dialect.constructor.name + ': its query compiler is not the app\\'s kysely');
    }
    const db = new kysely.Kysely({ dialect: new ExactPostgresDialect({ connectionString: 'postgres://unused' }), plugins: [new IdentityReturningPlugin()] });
    const compiled = db.insertInto('t').values({ a: 1 }).compile();
    if (!compiled.sql.startsWith('insert into')) problems.push('Kysely did not compile through our dialect: ' + compiled.sql);
  }`,
  'kysely-postgres-js': `
  {
    const kysely = require('kysely');
    const { ExactPostgresJsDialect } = require('@pg-exact/kysely/postgres-js');
    const dialect = new ExactPostgresJsDialect({ connectionString: 'postgres://unused' });
    if (!(dialect.createAdapter() instanceof kysely.PostgresAdapter)) problems.push('ExactPostgresJsDialect: its PostgresAdapter is not the app\\'s kysely');
    if (!(dialect.createQueryCompiler() instanceof kysely.PostgresQueryCompiler)) problems.push('ExactPostgresJsDialect: its query compiler is not the app\\'s kysely');
  }`,
  'drizzle-node-postgres': `
  {
    const { drizzle } = require('@pg-exact/drizzle/node-postgres');
    const db = drizzle('postgres://unused');
    if (!(db instanceof require('drizzle-orm/node-postgres').NodePgDatabase)) problems.push('drizzle(): not the app\\'s drizzle-orm NodePgDatabase');
    if (require('@pg-exact/drizzle/pg-core').pgTable !== require('drizzle-orm/pg-core').pgTable) problems.push('pg-core: pgTable is not the app\\'s drizzle-orm');
    db.$client.end();
  }`,
  'drizzle-postgres-js': `
  {
    const { drizzle } = require('@pg-exact/drizzle/postgres-js');
    const db = drizzle('postgres://unused');
    if (!(db instanceof require('drizzle-orm/postgres-js').PostgresJsDatabase)) problems.push('drizzle(): not the app\\'s drizzle-orm PostgresJsDatabase');
    if (require('@pg-exact/drizzle/pg-core').pgTable !== require('drizzle-orm/pg-core').pgTable) problems.push('pg-core: pgTable is not the app\\'s drizzle-orm');
  }`,
  'drizzle-pglite': `
  {
    const { PGlite } = require('@electric-sql/pglite');
    const { drizzle } = require('@pg-exact/drizzle/pglite');
    const db = drizzle({ client: new PGlite() });
    if (!(db instanceof require('drizzle-orm/pglite').PgliteDatabase)) problems.push('drizzle(): not the app\\'s drizzle-orm PgliteDatabase');
    if (require('@pg-exact/drizzle/pg-core').pgTable !== require('drizzle-orm/pg-core').pgTable) problems.push('pg-core: pgTable is not the app\\'s drizzle-orm');
    await db.$client.close();
  }`,
  prisma: `
  {
    const { exactExtension, PrismaPgExact, PrismaPGliteExact } = require('@pg-exact/prisma');
    if (typeof exactExtension() !== 'function' && typeof exactExtension() !== 'object') problems.push('exactExtension() is not a Prisma extension');
    for (const factory of [new PrismaPgExact({ connectionString: 'postgres://unused' }), new PrismaPGliteExact()]) if (factory.provider !== 'postgres') problems.push(factory.constructor.name + ': provider is not postgres');
  }`,
};

/** The snippet for an adapter kind (empty for packages without an ORM). */
export function ormCheck(orm) {
  return orm ? SNIPPETS[orm] : '';
}
