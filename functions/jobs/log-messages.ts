/**
 * Log lines that operations depend on: the stack turns them into metrics with log metric filters,
 * so their wording is shared here rather than copied into the infrastructure code.
 */

/** route-case (Powertools JSON, level WARN) when sends failed and the stream will deliver the record again; `failed` counts them. */
export const SMS_FAILED_LOG_MESSAGE = 'SMS failed; the record will be delivered again';
