/**
 * The shape every `npm run <script> -- <id> [--options]` command here shares: options parsed with
 * node:util, exactly one positional argument, and the usage line (exit code 2) when either is wrong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommand<const O extends Options>(argv: string[], options: O, usage: string) {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options, strict: true });
    if (positionals.length !== 1) throw new Error(`usage: ${usage}`);
    return { id: positionals[0]!, values };
  } catch (error) {
    const message = (error as Error).message;
    console.error(message.startsWith('usage:') ? message : `${message}\nusage: ${usage}`);
    return 2 as const;
  }
}
