/**
 * Our deploy-time custom resources answer CloudFormation themselves (a PUT to the pre-signed
 * ResponseURL), so no provider framework function is needed. They always answer, or the stack
 * would wait an hour: `answerCloudFormation` runs the work, turns a failure into FAILED with its
 * reason, and sends the answer.
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';

export interface CustomResourceLogger {
  error(message: string, extra: { error: Error }): void;
}

/**
 * Runs `work` (skipped on Delete: what it made stays) and answers CloudFormation with its data, or
 * with FAILED; the physical id is `<physicalIdPrefix>-<logical id>`, stable across updates.
 */
export async function answerCloudFormation<P extends Record<string, unknown>>(
  event: CloudFormationCustomResourceEvent<P, P>,
  context: Pick<Context, 'logStreamName'>,
  deps: { readonly fetch: typeof fetch; readonly logger: CustomResourceLogger; readonly physicalIdPrefix: string },
  work: (properties: P) => Promise<Record<string, string>>,
): Promise<void> {
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = `See CloudWatch log stream ${context.logStreamName}`;
  const physicalResourceId = 'PhysicalResourceId' in event ? event.PhysicalResourceId : `${deps.physicalIdPrefix}-${event.LogicalResourceId}`;
  let data: Record<string, string> = {};
  try {
    if (event.RequestType !== 'Delete') data = await work(event.ResourceProperties);
  } catch (error) {
    status = 'FAILED';
    reason = `${(error as Error).message} (log stream ${context.logStreamName})`.slice(0, 1000);
    deps.logger.error(`${event.ResourceType} failed`, { error: error as Error });
  }
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  // The URL is pre-signed for an empty content type.
  const response = await deps.fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation refused the answer: HTTP ${response.status}`);
}
