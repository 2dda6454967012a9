/** The dependency runs one way: the back end (functions/) never imports the front end (web/). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('layering', () => {
  it('has no module under functions/ that imports anything under web/', () => {
    // Arrange: every static and dynamic import specifier of every module under functions/.
    const specifier = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;
    const offenders = files(join(ROOT, 'functions')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(specifier)]
        .map((m) => m[1]!)
        .filter((spec) => spec.startsWith('.') && relative(ROOT, resolve(file, '..', spec)).startsWith(`web/`))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );

    // Assert
    expect(offenders).toEqual([]);
  });
});
