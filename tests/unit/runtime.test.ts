/**
 * createRuntime and readEnv: a function's environment becomes plain settings once, failing by name,
 * and the runtime built from settings gives the stores, clock and county source every function shares.
 */
import { describe, expect, it } from 'vitest';
import { OffsetClock, systemClock } from '../../functions/domain/ports.ts';
import { createRuntime, readEnv } from '../../functions/runtime.ts';

const deployed = {
  COUNTY_CODE: 'DEMO',
  CASES_TABLE: 'cunjing-demo-cases',
  ROSTER_TABLE: 'cunjing-demo-roster',
  RATINGS_TABLE: 'cunjing-demo-ratings',
  PUBLIC_URL: 'https://cunjing.example/',
  PHOTOS_BUCKET: 'cunjing-demo-photos',
  LINK_SECRET_ARN: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:link',
  ORIGIN_SECRET_ARN: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:origin',
  SMS_ADAPTER: 'sns',
  SMS_SENDER_ID: 'CUNJING',
};

describe('readEnv', () => {
  it('turns a deployed function environment into settings', () => {
    // Act
    const settings = readEnv(deployed);

    // Assert
    expect(settings).toEqual({
      countyCode: 'DEMO',
      tables: { cases: 'cunjing-demo-cases', roster: 'cunjing-demo-roster', ratings: 'cunjing-demo-ratings' },
      dynamodbEndpoint: undefined,
      serviceName: undefined,
      devClock: false,
      publicUrl: 'https://cunjing.example',
      photos: { bucket: 'cunjing-demo-photos', endpoint: undefined },
      sms: { adapter: 'sns', senderId: 'CUNJING' },
      linkSecret: { arn: deployed.LINK_SECRET_ARN },
      originSecret: { arn: deployed.ORIGIN_SECRET_ARN },
      routerConcurrency: undefined,
    });
  });

  it('takes a link key given as a value over its ARN (the local stack)', () => {
    expect(readEnv({ ...deployed, LINK_SECRET: 'k'.repeat(40) }).linkSecret).toEqual({ value: 'k'.repeat(40) });
  });

  it('reads the router concurrency the stack sets', () => {
    expect(readEnv({ ...deployed, ROUTER_CONCURRENCY: '10' }).routerConcurrency).toBe(10);
  });

  it.each([
    ['COUNTY_CODE', { COUNTY_CODE: '' }, /COUNTY_CODE is not set/],
    ['CASES_TABLE', { CASES_TABLE: ' ' }, /CASES_TABLE is not set/],
    ['OUTBOX_FILE', { SMS_ADAPTER: 'outbox' }, /OUTBOX_FILE is not set/],
    ['SMS_ADAPTER', { SMS_ADAPTER: 'carrier-pigeon' }, /SMS_ADAPTER must be "sns", "aliyun", "tencent" or "outbox", not "carrier-pigeon"/],
    ['ROUTER_CONCURRENCY', { ROUTER_CONCURRENCY: 'ten' }, /ROUTER_CONCURRENCY must be a whole number above 0, not "ten"/],
  ])('names %s when it is missing or malformed', (_name, change, message) => {
    expect(() => readEnv({ ...deployed, ...change })).toThrow(message);
  });
});

describe('createRuntime', () => {
  it('gives a function without ROSTER_TABLE (photos) its cases store, and names the variable if it asks for the roster', () => {
    // Arrange
    const runtime = createRuntime(readEnv({ COUNTY_CODE: 'DEMO', CASES_TABLE: 'cunjing-demo-cases', PHOTOS_BUCKET: 'b' }));

    // Act + Assert
    expect(runtime.cases).toBeDefined();
    expect(() => runtime.county).toThrow(/ROSTER_TABLE is not set/);
  });

  it('builds one county source over the roster store, however often it is asked for', () => {
    const runtime = createRuntime(readEnv(deployed));

    expect(runtime.county).toBe(runtime.county);
    expect(runtime.roster).toBe(runtime.roster);
  });

  it('runs on the system clock, or on a clock the local stack can move with devClock', () => {
    expect(createRuntime(readEnv(deployed)).clock).toBe(systemClock);
    expect(createRuntime({ ...readEnv(deployed), devClock: true }).clock).toBeInstanceOf(OffsetClock);
  });

  it('takes a clock the caller brings (a test clock) over the settings', () => {
    const clock = new OffsetClock();

    expect(createRuntime({ ...readEnv(deployed), devClock: false }, { clock }).clock).toBe(clock);
  });
});
