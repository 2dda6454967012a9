import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { maskPhone, SnsSmsSender } from '../../functions/notify/sns.ts';
import { officerAssignment } from '../support/sms.ts';

const snsMock = mockClient(SNSClient);

const message = officerAssignment('新矛盾纠纷', '邻居因宅基地界线争吵');

describe('SnsSmsSender', () => {
  beforeEach(() => {
    snsMock.reset();
  });
  afterAll(() => {
    snsMock.restore();
  });

  it('publishes one transactional SMS straight to the phone number', async () => {
    // Arrange
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const sender = new SnsSmsSender({ client: new SNSClient({ region: 'ap-east-1' }) });

    // Act
    await sender.send(message);

    // Assert
    expect(snsMock).toReceiveCommandTimes(PublishCommand, 1);
    expect(snsMock).toReceiveCommandWith(PublishCommand, {
      PhoneNumber: '+8613800001001',
      Message: message.body,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
  });

  it('leaves the sender id out when none is configured', async () => {
    // Arrange
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const sender = new SnsSmsSender({ client: new SNSClient({ region: 'ap-east-1' }) });

    // Act
    await sender.send(message);

    // Assert
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(Object.keys(input?.MessageAttributes ?? {})).toEqual(['AWS.SNS.SMS.SMSType']);
  });

  it('sets the sender id and the chosen SMS type when configured', async () => {
    // Arrange
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const sender = new SnsSmsSender({ client: new SNSClient({ region: 'eu-west-1' }), senderId: 'GreenPolice', smsType: 'Promotional' });

    // Act
    await sender.send({ ...message, to: '+447700900123' });

    // Assert
    expect(snsMock).toReceiveCommandWith(PublishCommand, {
      PhoneNumber: '+447700900123',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'GreenPolice' },
      },
    });
  });

  it("resolves with SNS's message id", async () => {
    // Arrange
    snsMock.on(PublishCommand).resolves({ MessageId: '5f1c2b9e-0000-4000-8000-000000000001' });
    const sender = new SnsSmsSender({ client: new SNSClient({ region: 'ap-east-1' }) });

    // Act
    const result = await sender.send(message);

    // Assert
    expect(result).toEqual({ messageId: '5f1c2b9e-0000-4000-8000-000000000001' });
  });

  it('rejects when SNS refuses the message, naming the role and the case', async () => {
    // Arrange
    snsMock.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const sender = new SnsSmsSender({ client: new SNSClient({ region: 'ap-east-1' }) });

    // Act
    const sending = sender.send(message);

    // Assert
    await expect(sending).rejects.toThrow(/officer SMS for DEMO-2026-000001 .*ThrottlingException: Rate exceeded/);
    await expect(sending).rejects.toMatchObject({ name: 'SmsSendError', code: 'ThrottlingException' });
  });

  it('rejects when SNS answers without a message id', async () => {
    // Arrange
    snsMock.on(PublishCommand).resolves({});
    const sender = new SnsSmsSender({ client: new SNSClient({ region: 'ap-east-1' }) });

    // Act
    const sending = sender.send(message);

    // Assert
    await expect(sending).rejects.toThrow(/without a message id/);
  });

  it('masks the phone number in errors, even where SNS echoes it', async () => {
    // Arrange
    snsMock
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Invalid parameter: PhoneNumber Reason: +8613800001001 (8613800001001) is not valid'), { name: 'InvalidParameterException' }));
    const sender = new SnsSmsSender({ client: new SNSClient({ region: 'ap-east-1' }) });

    // Act
    const error: Error = await sender.send(message).then(
      () => { throw new Error('send() should have rejected'); },
      (e: Error) => e,
    );

    // Assert
    expect(error.message).toContain('+86138****1001');
    expect(error.message).not.toContain('13800001001');
    expect(JSON.stringify(error)).not.toContain('13800001001');
  });
});

describe('maskPhone', () => {
  it('hides four digits before the last four', () => {
    expect(maskPhone('+8613800000001')).toBe('+86138****0001');
  });

  it('keeps the length so masked numbers still line up', () => {
    expect(maskPhone('+447700900123')).toBe('+4477****0123');
  });

  it('shows only the last two characters of a short number', () => {
    expect(maskPhone('12345')).toBe('***45');
  });
});
