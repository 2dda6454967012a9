/**
 * Environment configuration, read once at cold start. A missing variable fails fast with a message
 * that names it, instead of surfacing later as an `undefined` table name inside an SDK error.
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(`Environment variable ${name} is not set: the stack (or the local runner) must provide it`);
  }
  return value;
}

export function optionalEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
