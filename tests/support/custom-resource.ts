/**
 * What CloudFormation sends a custom resource's handler, and what the handler answers it: the
 * deploy-time functions' tests (roster seed, the China site's directory keys) build events here.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { vi } from 'vitest';

export interface CustomResource {
  readonly logicalId: string;
  /** The id the Create answered, which an Update or a Delete names. */
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
  /** The properties an Update or a Delete had before. */
  readonly oldProperties: Record<string, unknown>;
}

/** The event of a Create, an Update or a Delete of this resource (of a stack whose id and type no handler reads). */
export function customResourceEvent<P>(type: 'Create' | 'Update' | 'Delete', resource: CustomResource): CloudFormationCustomResourceEvent<P, P> {
  return {
    RequestType: type,
    ResponseURL: 'https://cloudformation-custom-resource-response.example/presigned',
    StackId: 'arn:aws:cloudformation:ap-east-1:123456789012:stack/Cunjing-demo/x',
    RequestId: 'r-1',
    LogicalResourceId: resource.logicalId,
    ResourceType: 'Custom::CunjingTest',
    ServiceToken: 'x',
    ResourceProperties: { ServiceToken: 'x', ...resource.properties },
    ...(type !== 'Create' && { PhysicalResourceId: resource.physicalId, OldResourceProperties: { ServiceToken: 'x', ...resource.oldProperties } }),
  } as unknown as CloudFormationCustomResourceEvent<P, P>;
}

/** A stand-in for the fetch that PUTs the handler's answer to CloudFormation, and that answer. */
export function answerCatcher() {
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 200 }));
  const answer = () => JSON.parse(String(fetch.mock.calls[0]![1].body)) as Record<string, unknown>;
  return { fetch, fetchFn: fetch as unknown as typeof globalThis.fetch, answer };
}
