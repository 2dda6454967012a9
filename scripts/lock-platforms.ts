/**
 * `npm run lock:platforms` after any `npm install`.
 *
 * The registry these machines reach serves only the Linux builds of napi-rs packages (such as
 * @astrojs/compiler-binding-darwin-arm64 for Astro's compiler). `npm install` then leaves the other
 * platforms' optional packages out of package-lock.json, and `npm ci` refuses the lock as "out of
 * sync". This adds a lock entry for each missing platform package, with the os/cpu/libc that its
 * napi-rs name states, so `npm ci` knows it and skips it on this platform. Where the registry does
 * serve it, `npm install` replaces the entry with the full one.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);

const OS: Record<string, string> = { android: 'android', darwin: 'darwin', linux: 'linux', win32: 'win32', freebsd: 'freebsd' };
const CPU: Record<string, string> = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', wasm32: 'wasm32', riscv64: 'riscv64', s390x: 's390x', ppc64: 'ppc64' };

/** `…-darwin-arm64`, `…-linux-x64-musl`, `…-win32-x64-msvc`, `…-wasm32-wasi` → os/cpu/libc. */
function platformOf(name: string): { os?: string[]; cpu: string[]; libc?: string[] } | undefined {
  const parts = name.split('/').at(-1)!.split('-');
  const wasm = parts.lastIndexOf('wasm32');
  if (wasm >= 0) return { cpu: ['wasm32'] };
  for (let i = parts.length - 2; i >= 0; i -= 1) {
    const os = OS[parts[i]!];
    const cpu = CPU[parts[i + 1]!];
    if (os && cpu) {
      const abi = parts[i + 2];
      return { os: [os], cpu: [cpu], ...(abi === 'gnu' || abi === 'musl' ? { libc: [abi === 'gnu' ? 'glibc' : 'musl'] } : {}) };
    }
  }
  return undefined;
}

const lock = JSON.parse(readFileSync(LOCK, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
const added: string[] = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  const optional = entry.optionalDependencies as Record<string, string> | undefined;
  if (!optional) continue;
  const base = path.endsWith('node_modules') || path === '' ? path : path.slice(0, path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  for (const [name, version] of Object.entries(optional)) {
    const target = `${base}${name}`;
    if (lock.packages[target] || lock.packages[`node_modules/${name}`]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    lock.packages[target] = { version, ...(platform.cpu && { cpu: platform.cpu }), ...(entry.dev ? { dev: true } : {}), ...(platform.libc && { libc: platform.libc }), optional: true, ...(platform.os && { os: platform.os }) };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added lock entries for: ${added.join(', ')}` : 'package-lock.json already lists every platform package');
