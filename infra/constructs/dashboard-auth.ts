import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { OFFICER_GROUP } from '../../shared/domain/dashboard/contract';
import { PROD_STAGE, stageOf } from '../stage';

export interface DashboardAuthProps {
  /**
   * The page's own URL (`https://<distribution or domain>/`): the only callback and sign-out URL.
   * A token: the distribution is built after the API this construct's authorizer guards.
   */
  readonly pageUrl: string;
}

/** How long a sign-in lasts: the ID and access tokens an hour, the refresh token a working day. */
export const DASHBOARD_TOKEN_VALIDITY = { idToken: Duration.hours(1), accessToken: Duration.hours(1), refreshToken: Duration.hours(12) } as const;

/**
 * Who may open the dashboard on AWS: a Cognito user pool (users invited by an administrator, no
 * self sign-up, the email address as user name), its hosted sign-in page, the page's public app
 * client (authorization code flow with PKCE, no secret: a browser cannot keep one), the `officer`
 * group, and the API Gateway JWT authorizer that checks the ID token on the dashboard routes.
 */
export class DashboardAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly officerGroup: UserPoolGroup;
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: DashboardAuthProps) {
    super(scope, id);
    const names = stageOf(this);
    const prod = names.stage === PROD_STAGE;

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: names.physical('customer-voice-dashboard'),
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(7) },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      // Users and their groups are the deployment's data: prod keeps them when the stack goes.
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // Domain prefixes are global per region: the account id makes this one unique, the stage separates stages.
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: `${names.physical('customer-voice')}-${Aws.ACCOUNT_ID}` },
    });

    this.client = this.userPool.addClient('PageClient', {
      userPoolClientName: names.physical('customer-voice-dashboard-page'),
      generateSecret: false,
      // No password, SRP or custom flow from the browser: only the hosted page signs in (and refresh).
      authFlows: { userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.pageUrl],
        logoutUrls: [props.pageUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: DASHBOARD_TOKEN_VALIDITY.idToken,
      accessTokenValidity: DASHBOARD_TOKEN_VALIDITY.accessToken,
      refreshTokenValidity: DASHBOARD_TOKEN_VALIDITY.refreshToken,
    });

    this.officerGroup = new UserPoolGroup(this, 'OfficerGroup', {
      userPool: this.userPool,
      groupName: OFFICER_GROUP,
      description: 'Sees every department on the dashboard; other users see the departments whose owners list their verified email.',
    });

    // The page sends the ID token (its `aud` is the client id; an access token carries `client_id` instead and is refused).
    this.authorizer = new HttpJwtAuthorizer('DashboardAuthorizer', this.issuer, {
      authorizerName: names.physical('customer-voice-dashboard'),
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional with TOTP (no SMS): users are invited by the administrator, and the officer can require it of everyone by switching the pool to MFA required.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'Essentials plan, not Plus: threat protection is billed per monthly active user; the pool has no self sign-up, invited users only and a 12-character password policy.',
      },
    ]);
  }

  /** The pool's token issuer: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  get issuer(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Aws.URL_SUFFIX}/${this.userPool.userPoolId}`;
  }

  /** The hosted sign-in page's origin, e.g. `https://customer-voice-123456789012.auth.eu-west-3.amazoncognito.com`. */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }
}
