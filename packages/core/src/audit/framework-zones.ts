// Which zone an application wrote its `timestamp` (without time zone) columns in, as far as the
// migration tables in the database tell: the zone `timestamp-to-timestamptz` must read them in.

/** A framework recognised by its migration tables, and the zone it writes `timestamp` columns in. */
export interface FrameworkZone {
  framework: string;
  /** Lowercase table names that must all be present. */
  tables: readonly string[];
  /** 'UTC' when the framework writes UTC (by default); null when it depends on the app or the process. */
  zone: 'UTC' | null;
  /** Why, and what configuration changes it. */
  why: string;
}

/** The frameworks the audit recognises, most specific first. */
export const FRAMEWORK_ZONES: readonly FrameworkZone[] = [
  {
    framework: 'Rails (Active Record)',
    tables: ['schema_migrations', 'ar_internal_metadata'],
    zone: 'UTC',
    why: 'Active Record writes timestamp columns in UTC (config.active_record.default_timezone = :utc, the default; :local writes the app server\'s zone instead).',
  },
  {
    framework: 'Prisma',
    tables: ['_prisma_migrations'],
    zone: 'UTC',
    why: 'Prisma Client writes DateTime into timestamp(3) columns as UTC, whatever the database or process zone.',
  },
  {
    framework: 'Drizzle',
    tables: ['__drizzle_migrations'],
    zone: 'UTC',
    why: "Drizzle's timestamp() in its default { mode: 'date' } writes Date.toISOString(), i.e. UTC; { mode: 'string' } writes the string the app gives.",
  },
  {
    framework: 'Django',
    tables: ['django_migrations'],
    zone: null,
    why: 'Django creates DateTimeField as timestamptz, so a timestamp column here came from elsewhere; with USE_TZ = False Django writes wall-clock time in settings.TIME_ZONE.',
  },
  {
    framework: 'Kysely',
    tables: ['kysely_migration'],
    zone: null,
    why: "Kysely passes Date objects to the driver: node-postgres writes them in the Node process's TZ, postgres.js in UTC.",
  },
  {
    framework: 'Knex',
    tables: ['knex_migrations'],
    zone: null,
    why: "Knex passes Date objects to node-postgres, which writes them in the Node process's TZ.",
  },
  {
    framework: 'TypeORM',
    tables: ['typeorm_metadata'],
    zone: null,
    why: "TypeORM writes timestamp columns through node-postgres in the Node process's TZ.",
  },
  {
    framework: 'TypeORM (a migrations table)',
    tables: ['migrations'],
    zone: null,
    why: "A table named migrations, as TypeORM creates: TypeORM writes timestamp columns through node-postgres in the Node process's TZ.",
  },
  {
    framework: 'Flyway',
    tables: ['flyway_schema_history'],
    zone: null,
    why: 'Flyway only migrates: the JVM app (JDBC, Hibernate) writes timestamp columns in the JVM default zone unless hibernate.jdbc.time_zone is set.',
  },
  {
    framework: 'Liquibase',
    tables: ['databasechangelog'],
    zone: null,
    why: 'Liquibase only migrates: the app (often JDBC/Hibernate) writes timestamp columns in its own default zone unless configured.',
  },
];

/** The zone to suggest for --from-zone, with why; `zone: null` means only the user can know it. */
export interface ZoneAdvice {
  zone: string | null;
  frameworks: string[];
  why: string;
}

/**
 * Advice from the migration tables present (`tables`: lowercase names). A zone is suggested only
 * when every framework found writes UTC; otherwise the user must say which zone the app used.
 */
export function frameworkZoneAdvice(tables: readonly string[], databaseZone: string): ZoneAdvice {
  const present = new Set(tables);
  const found = FRAMEWORK_ZONES.filter((f) => f.tables.every((t) => present.has(t)));
  // The generic `migrations` table only counts when nothing more specific explains it.
  const matched = found.length > 1 ? found.filter((f) => !(f.tables.length === 1 && f.tables[0] === 'migrations')) : found;
  const frameworks = matched.map((f) => f.framework);
  if (matched.length > 0 && matched.every((f) => f.zone === 'UTC')) {
    return { zone: 'UTC', frameworks, why: `--from-zone UTC because ${matched.map((f) => `${f.framework} is here: ${f.why}`).join(' ')}` };
  }
  const known = matched.length === 0 ? 'No framework migration table was found, so' : matched.map((f) => `${f.framework} is here: ${f.why}`).join(' ') + ' So';
  return {
    zone: null,
    frameworks,
    why:
      `${known} only you know the zone these values were written in (the app's or process's zone, often UTC). ` +
      `The database default (${databaseZone}) is not it unless the values come from now()::timestamp or CURRENT_TIMESTAMP defaults.`,
  };
}
