import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCounty, type County } from '../../functions/domain/county.ts';
import type { RosterStore } from '../../functions/domain/ports.ts';
import { CountySource } from '../../functions/domain/service.ts';

const demo = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')), 'counties/demo.json');

/** A roster store in memory that counts its reads: versions as the table keeps them. */
function rosterStore() {
  const versions: County[] = [demo];
  const reads = { current: 0, rosters: 0 };
  const store: RosterStore = {
    async currentVersion() {
      reads.current += 1;
      return versions.length;
    },
    async loadCounty(_code, version = versions.length) {
      reads.rosters += 1;
      return versions[version - 1];
    },
    async saveCounty(county) {
      versions.push(county);
      return versions.length;
    },
  };
  return { store, reads };
}

const clockAt = (ms: number) => ({ now: () => new Date(ms) });

describe('CountySource', () => {
  it('answers from memory within its age, without asking the store', async () => {
    const { store, reads } = rosterStore();
    const source = new CountySource(store, demo.code, { ttlMs: 30_000, clock: clockAt(0) });

    await source.get();
    await source.get({ maxAgeMs: 5_000 });

    expect(reads).toEqual({ current: 1, rosters: 1 });
  });

  it('asks which version is current when the copy is old or fresh is asked, and reads the roster again only when it changed', async () => {
    const { store, reads } = rosterStore();
    let now = 0;
    const source = new CountySource(store, demo.code, { ttlMs: 30_000, clock: { now: () => new Date(now) } });
    await source.get();

    now = 6_000;
    const same = await source.get({ maxAgeMs: 5_000 });
    await source.get({ fresh: true });
    expect(reads).toEqual({ current: 3, rosters: 1 });
    expect(same.county.code).toBe(demo.code);

    await store.saveCounty({ ...demo, reopenDays: demo.reopenDays + 1 });
    const changed = await source.get({ fresh: true });
    expect(reads).toEqual({ current: 4, rosters: 2 });
    expect(changed.county.reopenDays).toBe(demo.reopenDays + 1);
  });

  it('says the county has no roster when the store holds none', async () => {
    const store: RosterStore = { currentVersion: async () => undefined, loadCounty: async () => undefined, saveCounty: async () => 1 };

    await expect(new CountySource(store, 'NONE', { clock: clockAt(0) }).get()).rejects.toThrow('county NONE has no roster in the store');
  });
});
