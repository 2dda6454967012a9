/** Case numbers: `{COUNTY}-{YYYY}-{NNNNNN}`, unique per county and year. */

const CASE_NUMBER = /^([A-Z]{2,8})-(\d{4})-(\d{6})$/;

export function formatCaseNumber(countyCode: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`case sequence ${sequence} is outside 1..999999`);
  }
  return `${countyCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function isCaseNumber(value: string): boolean {
  return CASE_NUMBER.test(value);
}
