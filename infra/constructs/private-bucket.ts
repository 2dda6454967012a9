/**
 * What every bucket of a county's stack is: all public access blocked, objects owned by the bucket
 * owner, encrypted (SSE-S3), TLS only; a real county's bucket survives the stack, a throw-away
 * stack's is emptied and deleted with it.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

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
