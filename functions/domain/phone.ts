/** Phone numbers as the county's SMS provider wants them. */

/** Mainland numbers typed without a country code get +86. */
export function normalisePhone(phone: string): string {
  return phone.startsWith('+') ? phone : `+86${phone}`;
}
