/**
 * The photos bucket and the photos function: private and encrypted, expiring what nobody processed,
 * the function invoked for `incoming/` only, each function with the object actions of its part and
 * nothing more, and the bundle carrying sharp's linux-arm64 binaries next to the handler.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataTables } from '../../infra/constructs/data.ts';
import { Photos } from '../../infra/constructs/photos.ts';
import type { CountyStack } from '../../infra/stack.ts';
import { sharpVersion } from '../../scripts/sharp-arm64.ts';
import { allActions, demoStack, logicalId, statementsOf, testApp } from './support.ts';

let stack: CountyStack;
let template: Template;
beforeAll(() => {
  stack = demoStack();
  template = Template.fromStack(stack);
});

describe('the photos bucket', () => {
  it('is private, encrypted, TLS-only and owner-enforced', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack.photos.bucket) },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('expires unprocessed uploads and unfinished multipart uploads after a day, photos after two years', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          { Id: 'unprocessed-uploads', Prefix: 'incoming/', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
          { Id: 'photos', Prefix: 'photos/', ExpirationInDays: 730, Status: 'Enabled' },
        ],
      },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['POST'] })] },
    });
  });

  it('invokes the photos function for objects created under incoming/ only', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(stack.photos.bucket) },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          { Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } }, LambdaFunctionArn: { 'Fn::GetAtt': [logicalId(stack.photos.processor.function), 'Arn'] } },
        ],
      },
    });
  });
});

describe('who may do what with photos', () => {
  const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack.photos.bucket), 'Arn'] }, `/${prefix}*`]] });
  const s3Statements = (fn: Parameters<typeof statementsOf>[1]) => statementsOf(template, fn).filter((s) => s.Action.some((a) => a.startsWith('s3:')));

  it('lets the photos function read and delete uploads and write photos, and update cases', () => {
    expect(s3Statements(stack.photos.processor)).toEqual([
      { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject'], Resource: [objects('incoming/')] },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [objects('photos/')] },
    ]);
    expect(allActions(statementsOf(template, stack.photos.processor))).toContain('dynamodb:UpdateItem');
  });

  it('lets the api function store uploads and read photos (for signed URLs), nothing else', () => {
    expect(s3Statements(stack.api.handler)).toEqual([
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [objects('incoming/')] },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [objects('photos/')] },
    ]);
  });

  it('lets the admin function (the officer page) read photos only, and no other function touch the bucket', () => {
    expect(s3Statements(stack.api.adminHandler)).toEqual([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [objects('photos/')] }]);
    for (const fn of [stack.routing.handler, stack.escalation.handler]) expect(s3Statements(fn)).toEqual([]);
  });

  it('runs the photos function on arm64 with 1 GB for libvips', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 60,
      Environment: { Variables: Match.objectLike({ PHOTOS_BUCKET: { Ref: logicalId(stack.photos.bucket) } }) },
    });
  });
});

describe('the photos function bundle', () => {
  it('leaves sharp out of the bundle and puts sharp with its linux-arm64 binaries next to it', () => {
    // Arrange: the construct alone, bundled as `cdk synth` bundles it.
    const app = testApp({ bundle: true });
    const bundled = new Stack(app, 'PhotosBundle');
    const photos = new Photos(bundled, 'Photos', { prefix: 'cunjing-test', data: new DataTables(bundled, 'Data', { prefix: 'cunjing-test' }), environment: {} });

    // Act
    const assembly = app.synth();

    // Assert
    const code = Template.fromStack(bundled).toJSON().Resources[logicalId(photos.processor.function)].Properties.Code as { S3Key: string };
    const dir = path.join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    const handler = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(handler).toMatch(/from\s*"sharp"|require\("sharp"\)/);
    expect(handler).not.toContain('libvips');
    expect(existsSync(path.join(dir, 'node_modules', 'sharp', 'package.json'))).toBe(true);
    expect(readdirSync(path.join(dir, 'node_modules', '@img', 'sharp-linux-arm64', 'lib')).filter((f) => f.endsWith('.node'))).toEqual([`sharp-linux-arm64-${sharpVersion()}.node`]);
    expect(existsSync(path.join(dir, 'node_modules', '@img', 'sharp-libvips-linux-arm64', 'package.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules', '@img', 'sharp-linux-x64'))).toBe(false);
  });
});
