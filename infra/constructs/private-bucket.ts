/**
 * What every bucket of a county's stack is: all public access blocked, objects owned by the bucket
 * owner, encrypted (SSE-S3), TLS only; a real county's bucket survives the stack, a throw-away
 * stack's is emptied and deleted with it.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

export function privateBucketProps(production: boolean): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !production,
  };
}

/**
 * The bucket a site's files are served from: private, read by CloudFront alone (`readBy` says how),
 * so it keeps no access logs, which would list nothing but CloudFront's fetches.
 */
export function siteBucket(scope: Construct, production: boolean, readBy: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'Bucket', privateBucketProps(production));
  NagSuppressions.addResourceSuppressions(bucket, [
    { id: 'AwsSolutions-S1', reason: `Only CloudFront reads this bucket (${readBy}); its access logs would list nothing but CloudFront fetches` },
  ]);
  return bucket;
}
