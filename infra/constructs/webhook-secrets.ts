import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { WEBHOOK_SECRET_NAMES, type WebhookSecretName } from '../../shared/domain/webhook-signatures';

/** Where each value comes from, for the secret's description (what the operator must paste in). */
const SOURCES: Record<WebhookSecretName, string> = {
  generic: 'the HMAC key for POST /v1/social/generic; give the value to the integrator who signs generic deliveries',
  x: "replace with the X app's consumer secret (API key secret): it signs Account Activity deliveries and answers the CRC",
  meta: "replace with the Meta app secret (App settings > Basic): it signs page and Instagram webhooks (X-Hub-Signature-256)",
  'meta-verify-token': 'the verify token to type in the Meta app dashboard when subscribing the webhook (any value you choose)',
  trustpilot: 'the password to put in the Trustpilot subscription URL: https://trustpilot:<value>@<api>/v1/social/trustpilot',
};

/**
 * One Secrets Manager secret per social webhook secret, created with a random value the
 * operator replaces with the provider's own. Only the social ingest function may read them.
 */
export class WebhookSecretStore extends Construct {
  readonly secrets: Record<WebhookSecretName, Secret>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const entries = WEBHOOK_SECRET_NAMES.map((name) => {
      const secret = new Secret(this, `Secret-${name}`, {
        description: `customer-voice social webhook secret "${name}": ${SOURCES[name]}.`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      NagSuppressions.addResourceSuppressions(secret, [
        {
          id: 'AwsSolutions-SMG4',
          reason:
            "The value belongs to the webhook provider (X consumer secret, Meta app secret, Trustpilot URL password, or the key shared with a generic integrator): it is rotated in the provider's console and pasted here, which a rotation Lambda cannot do.",
        },
      ]);
      return [name, secret] as const;
    });
    this.secrets = Object.fromEntries(entries) as Record<WebhookSecretName, Secret>;
  }
}
