import { CommanderError } from 'commander';
import { z } from 'zod';
import { ExitCode } from '../core/exit-codes.js';
import { UserError } from '../core/errors.js';
import { buildProgram } from './commands.js';

// A short-lived process parses each schema a few times: zod's code generation costs more
// than it saves here (measured in bench/validate.mjs).
z.config({ jitless: true });

/** Entry point: runs the program, turns known errors into a message and an exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.passed;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : ExitCode.invalidInput;
    }
    if (error instanceof UserError) {
      console.error(`journey-audit: ${error.message}`);
      if (error.hint) console.error(error.hint);
      return error.exitCode;
    }
    console.error('journey-audit: internal error (please report it with the command you ran):');
    console.error(error);
    return ExitCode.couldNotRun;
  }
}
