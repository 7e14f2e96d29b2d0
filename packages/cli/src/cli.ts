import { cac } from 'cac';
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { auditCommand } from './commands/audit-command.js';
import { loadDemoCommand } from './commands/demo-packages.js';
import { ONLINE_STEPS } from './commands/online-command.js';
import { ORMS, PRESET_NAMES, presetCommand } from './commands/preset-command.js';
import { colors } from './output.js';
import { ConnectionError, UsageError } from './usage-error.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Runs the `pg-exact` command line and resolves to its exit code: 0 done (audit: clean),
 * 1 audit findings, 2 usage or connection error.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const cli = cac('pg-exact');
  let exitCode = 0;

  cli
    .command('audit [url]', 'Find precision, time-zone and identity traps in a live database (read-only)')
    .usage('audit [url] [--format text|json] [--schema S] [--kind K] [--table T]\n\n  url defaults to DATABASE_URL. Runs inside BEGIN READ ONLY and never writes.\n  Exit code: 0 clean, 1 findings, 2 usage or connection error (use it to gate CI).')
    .option('--format <format>', 'text or json (an array of { kind, schema, table, column, detail, fix, fixable, blockers, note, input })', { default: 'text' })
    .option('--schema <schema>', 'Only this schema (repeat for several); default every non-system schema')
    .option('--kind <kind>', 'Only this kind of finding (repeat for several), e.g. serial-column')
    .option('--table <table>', 'Only this table, as table or schema.table (repeat for several)')
    .example('pg-exact audit postgres://postgres@127.0.0.1:5432/app')
    .example('DATABASE_URL=postgres://… pg-exact audit --format json > findings.json')
    .action(async (url: string | undefined, options: { format?: string; schema?: string | string[]; kind?: string | string[]; table?: string | string[] }) => {
      exitCode = await auditCommand(url, options);
    });

  cli
    .command('preset <name>', 'Print or write the migration that fixes one trap')
    .usage(
      `preset <name> --table T --column C [options]\n\n  Presets: ${Object.keys(PRESET_NAMES).join(', ')}.\n` +
        '  Every migration is idempotent (a second apply changes nothing) and sets lock_timeout.\n' +
        '  Without --out the migration goes to stdout (for sql: \\set ON_ERROR_STOP on, up inside BEGIN/COMMIT, down as a comment),\n' +
        '  so `| psql` stops and exits 3 on the first error. --apply runs it itself and exits 1 on failure.',
    )
    .option('--table <table>', 'Table name, as stored (no quoting needed)')
    .option('--column <column>', 'Column name, as stored')
    .option('--schema <schema>', 'Schema (default: public)')
    .option('--from-zone <zone>', 'timestamp-to-timestamptz: IANA zone the stored wall-clock times were written in (required)')
    .option('--orm <orm>', `Migration format: ${ORMS.join(', ')}`, { default: 'sql' })
    .option('--out <dir>', 'Write the migration into this directory instead of printing it')
    .option('--name <name>', 'Migration name (default: the preset name, e.g. serial_to_identity_orders_id)')
    .option('--lock-timeout <duration>', "lock_timeout while migrating (default '5s')")
    .option('--always', 'serial-to-identity: GENERATED ALWAYS instead of BY DEFAULT')
    .option('--precision <n>', 'float-to-numeric: numeric(precision, scale) instead of unconstrained numeric')
    .option('--scale <n>', 'float-to-numeric: digits after the point, with --precision')
    .option('--from <type>', 'float-to-numeric: float4 or float8, the type down goes back to (default float8)')
    .option('--online', 'Run the change on a live database without a long lock (shadow column, trigger, batched backfill, short swap)')
    .option('--step <step>', `--online: ${ONLINE_STEPS.join(', ')} (default run: start → swap, resuming where it stopped)`)
    .option('--database-url <url>', '--online: the database (default DATABASE_URL)')
    .option('--batch-size <n>', '--online: rows per backfill batch (default 5000)')
    .option('--sleep <ms>', '--online: pause between backfill batches (default 20)')
    .option('--apply [url]', 'Run the migration on the database (url, else DATABASE_URL) in one transaction, after printing the plan')
    .option('--dry-run', 'With --apply: print the plan (and any blocker) and change nothing')
    .example('pg-exact preset serial-to-identity --table orders --column id | psql "$DATABASE_URL"')
    .example('pg-exact preset int4-to-int8 --table users --column id --apply "$DATABASE_URL" --dry-run')
    .example('pg-exact preset timestamp-to-timestamptz --table events --column at --from-zone Europe/Paris --orm kysely --out migrations')
    .example('pg-exact preset resync-sequence --table orders --column id --orm prisma --out prisma/migrations')
    .example('pg-exact preset int4-to-int8 --table orders --column id --online --database-url postgres://… [--step cleanup]')
    .action(async (name: string, options: Record<string, unknown>) => {
      exitCode = await presetCommand(name, options);
    });

  cli
    .command('demo', 'The traps through each vanilla stack and through pg-exact, then audit (no server needed)')
    .usage('demo [--database-url URL | --pglite]\n\n  Runs on embedded PGlite unless a server URL is given (--database-url, else DATABASE_URL). Exits 0.')
    .option('--database-url <url>', 'Run on this PostgreSQL server (creates, then drops, two schemas); default DATABASE_URL')
    .option('--pglite', 'Use embedded PGlite even when DATABASE_URL is set')
    .example('pg-exact demo')
    .action(async (options: { databaseUrl?: string; pglite?: boolean }) => {
      const { demoCommand } = await loadDemoCommand(); // its stacks are optional peers
      exitCode = await demoCommand(options);
    });

  cli.help();
  cli.version(version);

  try {
    cli.parse([...argv], { run: false });
    if (cli.matchedCommand === undefined) {
      const given = cli.args[0];
      if (given !== undefined) throw new UsageError(`unknown command ${JSON.stringify(given)}; run pg-exact --help`);
      if (!(cli.options.help || cli.options.version)) cli.outputHelp();
      return 0;
    }
    if (cli.options.help) return 0;
    keepOptionValuesAsTyped(cli, argv);
    await cli.runMatchedCommand();
    return exitCode;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'CACError')) {
      const help = cli.matchedCommandName === undefined ? 'pg-exact --help' : `pg-exact ${cli.matchedCommandName} --help`;
      console.error(`${colors.red('error')} ${error.message}\n${colors.dim(`See ${help}`)}`);
      return 2;
    }
    if (error instanceof ConnectionError) {
      console.error(`${colors.red('error')} ${error.message}`);
      return 2;
    }
    console.error(error);
    return 2;
  }
}

type Cli = ReturnType<typeof cac>;

/**
 * cac (through mri) turns every number-looking option value into a number: `--table 007` would
 * become 7 and `--column 1e3` 1000, a different name. Option values are names, zones and paths
 * here, so the matched command's value options are read again with Node's own `util.parseArgs`,
 * which keeps the text as typed. cac still does the dispatch, `--help` and the unknown-option check.
 */
function keepOptionValuesAsTyped(cli: Cli, argv: readonly string[]): void {
  const command = cli.matchedCommand;
  if (command === undefined) return;
  const config: NonNullable<ParseArgsConfig['options']> = {};
  const flag = (option: { rawName: string }) => /--([\w-]+)/.exec(option.rawName)?.[1];
  for (const option of [...cli.globalCommand.options, ...command.options]) {
    const name = flag(option);
    if (name !== undefined) config[name] = option.isBoolean ? { type: 'boolean' } : { type: 'string', multiple: true };
  }
  const { values } = parseArgs({ args: argv.slice(2), options: config, strict: false, allowPositionals: true });
  for (const option of command.options) {
    if (option.isBoolean) continue;
    const name = flag(option);
    const typed = name === undefined ? undefined : values[name];
    if (!Array.isArray(typed)) continue; // not given: cac's default stays
    // An optional value (`--apply [url]`) is never the next flag: `--apply --dry-run` is two flags.
    const optional = option.rawName.includes('[');
    const strings = typed.filter((value): value is string => typeof value === 'string' && !(optional && value.startsWith('-')));
    if (strings.length === 0) continue; // an optional value left out (--apply): cac's true stays
    cli.options[option.name] = strings.length === 1 ? strings[0] : strings;
  }
}
