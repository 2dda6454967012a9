/**
 * The public site as a folder (the local stack serves it): the site publisher's files written
 * in place, each through a temporary file and a rename, so the server never sends half a page.
 */
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { SiteFileStore } from '../jobs/publish-site.ts';
import type { SiteFile } from '../ui/site-pages.ts';

export class FolderSiteFiles implements SiteFileStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async put(file: SiteFile): Promise<void> {
    const target = join(this.#root, file.path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${crypto.randomUUID()}.tmp`;
    await writeFile(temporary, file.body);
    await rename(temporary, target);
  }

  async list(prefixes: readonly string[]): Promise<string[]> {
    const found = await Promise.all(
      prefixes.map(async (prefix) => {
        const entries = await readdir(join(this.#root, prefix), { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return [];
          throw error;
        });
        return entries.filter((e) => e.isFile()).map((e) => relative(this.#root, join(e.parentPath, e.name)).split('\\').join('/'));
      }),
    );
    return found.flat();
  }

  async delete(paths: readonly string[]): Promise<void> {
    await Promise.all(paths.map((path) => rm(join(this.#root, path), { force: true })));
    // A village's folders go with its files, so `/v/{village}/` is no folder without a page.
    const folders = [...new Set(paths.flatMap((path) => parents(path)))].sort((a, b) => b.length - a.length);
    for (const folder of folders) await rmdir(join(this.#root, folder)).catch(() => undefined);
  }
}

/** `v/a/b/index.html` → `v/a/b`, `v/a`, `v` (rmdir leaves any that still hold something). */
function parents(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
