/**
 * Reading the roster CSV a county keeps (spreadsheet exports: a BOM, CRLF line ends, quoted cells,
 * blank lines, spaces around cells) into the same roster change, whatever the spreadsheet wrote.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCounty } from '../../functions/domain/county.ts';
import { importRosterCsv } from '../../functions/domain/roster-import.ts';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));

describe('importRosterCsv reads spreadsheet CSV', () => {
  it('takes a BOM, CRLF line ends, quoted cells with quotes, blank lines and spaces around cells', () => {
    // Arrange
    const csv = '\uFEFF乡镇,村,民警,民警电话,警务助理,警务助理电话\r\n\r\n 青山镇 ,"东山村","钱进 ""小钱""",13811112222,张建国,13900002001\r\n';

    // Act
    const result = importRosterCsv(county, csv);

    // Assert
    expect(result).toMatchObject({ ok: true, rows: 1, changes: [{ village: '东山村', officer: { from: '王军', to: '钱进 "小钱"' } }] });
  });

  it('names the line of a row with too few cells', () => {
    const csv = ['township,village,officer,officer phone,assistant,assistant phone', '青山镇,东山村,王军,13800001001,张建国,13900002001', '青山镇,东山村'].join('\n');

    const result = importRosterCsv(county, csv);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.line)).toEqual([3]);
  });
});
