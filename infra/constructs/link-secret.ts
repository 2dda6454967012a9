/**
 * The key that signs officers' one-tap links: a generated string in Secrets Manager, one per county.
 * The api function (which checks links) and route-case (which puts them in SMS) may read it; nothing
 * else may. A real county's secret survives the stack: deleting it would void every link already
 * sent. Rotation is by hand (docs/deploy.md): a new key voids the links in SMS not yet opened.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface LinkSecretProps {
  /** Resource name prefix of the deployment, e.g. `cunjing-demo`. */
  readonly prefix: string;
  /**
   * Keep the secret when the stack is deleted.
   * @default true
   */
  readonly production?: boolean;
}

/** Length of the generated key: letters and digits only, about 380 bits. */
export const LINK_SECRET_LENGTH = 64;

export class LinkSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: LinkSecretProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: `${props.prefix}/link-signing-key`,
      description: `${props.prefix}: HMAC key that signs officers' one-tap links`,
      generateSecretString: {
        passwordLength: LINK_SECRET_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: (props.production ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.secret, [
      {
        id: 'AwsSolutions-SMG4',
        reason: 'Automatic rotation would void every officer link already sent by SMS; rotated by hand, see docs/deploy.md',
      },
    ]);
  }
}
