import { Command, CommanderError } from 'commander';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from './errors.js';
import { registerCommands } from './commands.js';

export function buildProgram(): Command {
  const program = new Command('vigie')
    .description(
      'Vigie: see who attacks your site and from where, keep it up, and share what you find.\n' +
        'Vigie : voyez qui attaque votre site et d\u2019o\u00f9, gardez-le en ligne et partagez ce que vous trouvez.',
    )
    .version(process.env.npm_package_version ?? '0.1.0')
    .option('--data-dir <dir>', 'data directory (embedded store, imported intel)', process.env.VIGIE_DATA_DIR ?? './vigie-data')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

let stdoutGuarded = false;

/** Runs the CLI and returns the exit code: 0 done, 1 failed, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    // `vigie analyze ... | head` closes the pipe early: that is the reader's choice, not a failure
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT_OK);
      throw error;
    });
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof UserError) {
      process.stderr.write(`vigie: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`vigie: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.VIGIE_DEBUG) console.error(error);
    return EXIT_FAILED;
  }
}
