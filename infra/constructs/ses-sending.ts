import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { DepartmentsConfigSchema, ownerAddresses } from '../../shared/domain/departments/schema';

/** What SES authorises on every identity a sending call involves. */
export const SES_SEND_ACTIONS = ['ses:SendEmail', 'ses:SendRawEmail'] as const;

/**
 * Who the alert and digest emails go to: the officer, and the department owners copied on their
 * departments' alerts (from the deployment's department configuration, minified JSON).
 */
export function mailRecipients(officerEmail: string, departments: string | undefined): string[] {
  const owners = departments ? DepartmentsConfigSchema.parse(JSON.parse(departments)).departments.flatMap(ownerAddresses) : [];
  return [...new Set([officerEmail, ...owners].map((address) => address.toLowerCase()))].sort();
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/**
 * ses:SendEmail / SendRawEmail on the sender identity and, for an account still in the SES sandbox,
 * on the recipients' identities too: there SES authorises the call against every verified identity
 * involved, recipients included, so a grant on the sender alone fails with AccessDenied. Each
 * recipient may be verified as its address or as its domain; both ARNs are named, no wildcard.
 */
export function grantSesSending(grantee: IGrantable, sender: IEmailIdentity, recipients: readonly string[]): void {
  sender.grantSendEmail(grantee);
  if (recipients.length === 0) return;
  const { partition, region, account } = Stack.of(sender);
  const identities = [...new Set(recipients.flatMap((address) => [address, domainOf(address)]))].sort();
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...SES_SEND_ACTIONS],
      resources: identities.map((identity) => `arn:${partition}:ses:${region}:${account}:identity/${identity}`),
    }),
  );
}
