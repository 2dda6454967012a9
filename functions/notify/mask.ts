/**
 * Phone masking for logs, error messages and the local console: `+8613800000001` → `+86138****0001`,
 * enough to tell numbers apart, not enough to call one. Kept apart from the SNS adapter so the
 * local outbox can use it without loading the AWS SDK.
 */
export function maskPhone(phone: string): string {
  const visibleEnd = 4;
  const hidden = 4;
  if (phone.length <= visibleEnd + hidden) {
    // Too short to keep a prefix: show only the last two characters.
    return `${'*'.repeat(Math.max(phone.length - 2, 0))}${phone.slice(-2)}`;
  }
  const cut = phone.length - visibleEnd - hidden;
  return `${phone.slice(0, cut)}${'*'.repeat(hidden)}${phone.slice(-visibleEnd)}`;
}
