/**
 * sharp for the photos function, which runs on Lambda arm64 (Linux, glibc): the same sharp version
 * as package-lock.json, with its linux-arm64 binaries (@img/sharp-linux-arm64 and
 * @img/sharp-libvips-linux-arm64), installed once from the npm registry into
 * `.cache/sharp-{version}-linux-arm64/` whatever this machine's platform, then copied as they are
 * into the function's bundle (esbuild cannot bundle a native module). After the first install a
 * synth needs no network.
 *
 *   node scripts/sharp-arm64.ts                 install (if missing) and print the folder
 *   node scripts/sharp-arm64.ts --into <dir>    also copy its node_modules into <dir>/node_modules
 *
 * The photos construct runs the second form after bundling (infra/constructs/photos.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The sharp version the lock file pins. */
export function sharpVersion(): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages['node_modules/sharp']?.version;
  if (!version) throw new Error('package-lock.json has no node_modules/sharp');
  return version;
}

/** The folder whose node_modules hold sharp for linux-arm64, installed when missing. */
export function sharpArm64(log: (line: string) => void = console.error): string {
  const version = sharpVersion();
  const dir = join(ROOT, '.cache', `sharp-${version}-linux-arm64`);
  if (existsSync(join(dir, 'node_modules', '@img', 'sharp-linux-arm64', 'package.json')) && existsSync(join(dir, 'node_modules', '@img', 'sharp-libvips-linux-arm64', 'package.json'))) return dir;
  log(`Installing sharp ${version} for linux-arm64 into ${dir} (once)…`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, dependencies: { sharp: version } }, null, 2)}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--os=linux', '--cpu=arm64', '--libc=glibc'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

if (import.meta.main) {
  const dir = sharpArm64();
  const at = process.argv.indexOf('--into');
  if (at >= 0) {
    const into = process.argv[at + 1];
    if (!into) throw new Error('--into needs a folder');
    cpSync(join(dir, 'node_modules'), join(into, 'node_modules'), { recursive: true });
  }
  console.log(dir);
}
