import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { PageConfig } from '../../shared/domain/dashboard/contract';
import { stageOf } from '../stage';
import { DASHBOARD_PERMISSIONS_POLICY, dashboardContentSecurityPolicy, dashboardRoutingFunctionCode, HSTS_MAX_AGE_SECONDS } from './dashboard-headers';
import { dashboardPageAsset, DASHBOARD_WEB_ROOT } from './dashboard-page-build';

export interface DashboardSiteProps {
  /** The HTTP API CloudFront sends `/v1/*` to, so the page and the API share one origin. */
  readonly api: IHttpApi;
  /** The hosted sign-in page's origin and the page's app client: written to config.json, allowed by the CSP. */
  readonly signIn: { readonly url: string; readonly clientId: string };
  /** `-c dashboardDomain` with its ACM certificate (us-east-1); default the CloudFront domain. */
  readonly customDomain?: { readonly name: string; readonly certificateArn: string };
  /** Where S3 server access logs of the page bucket go (the stack's access-log bucket). */
  readonly serverAccessLogsBucket: IBucket;
  /** The page's sources (a directory with vite.config.ts); default web/. */
  readonly webRoot?: string;
}

/** The API behaviour's path pattern: every API route (ROUTES) starts with /v1/. */
export const API_PATH_PATTERN = '/v1/*';
/** Built files whose names carry a content hash: cached for a year, never revalidated. */
const HASHED_ASSETS = 'assets/*';
const LOG_RETENTION = Duration.days(90);

/**
 * The dashboard page on AWS: a private S3 bucket read only by CloudFront (origin access control),
 * the Vite build of web/ and its config.json published there at each deploy, and one distribution
 * serving the page (history routing through a CloudFront Function) and, under /v1/*, the HTTP API
 * uncached with every viewer header but Host (the sign-in token and the API keys reach it).
 */
export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly logsBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly routingFunction: CloudFrontFunction;
  /** The page's URL, `https://<domain>/`: the sign-in callback, the email links, the DashboardUrl output. */
  readonly url: string;
  /** What `GET /config.json` answers: how the page signs in (values resolved at deploy). */
  readonly pageConfig: PageConfig;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    const names = stageOf(this);

    this.logsBucket = new Bucket(this, 'CloudFrontLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logs are delivered with an ACL grant: the bucket must accept ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'dashboard-cloudfront-logs/',
      lifecycleRules: [{ id: 'expire-cloudfront-logs', expiration: LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The page's files are rebuilt from the repository at each deploy: nothing here to keep.
    this.bucket = new Bucket(this, 'PageBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'dashboard-page/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: names.physical('customer-voice-dashboard-headers'),
      comment: 'customer-voice dashboard: HSTS, CSP (self and the sign-in domain), nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: dashboardContentSecurityPolicy(props.signIn.url), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: DASHBOARD_PERMISSIONS_POLICY, override: true }] },
    });

    this.routingFunction = new CloudFrontFunction(this, 'PageRouting', {
      functionName: names.physical('customer-voice-dashboard-routing'),
      comment: 'History routing: page paths to /index.html (default behaviour only, never /v1/*)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(dashboardRoutingFunctionCode()),
    });

    // https://abc123.execute-api.eu-west-3.amazonaws.com → its host name.
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const certificate = props.customDomain ? Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn) : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${names.physical('customer-voice')} dashboard`,
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
      ...(props.customDomain && certificate
        ? { domainNames: [props.customDomain.name], certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
        functionAssociations: [{ function: this.routingFunction, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [API_PATH_PATTERN]: {
          origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [OriginSslPolicy.TLS_V1_2] }),
          // A redirect would turn a POST into a GET: plain HTTP is refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Uncached, so every viewer header but Host (API Gateway routes on its own) reaches the API, Authorization included.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        },
      },
    });
    this.url = `https://${props.customDomain?.name ?? this.distribution.distributionDomainName}/`;

    const page = dashboardPageAsset(this, 'PageBuild', props.webRoot ?? DASHBOARD_WEB_ROOT);
    this.pageConfig = { auth: 'cognito', apiBase: '', domain: props.signIn.url, clientId: props.signIn.clientId, redirectUri: this.url };
    // CDK's deploy-time copier: its own role and log group (logs to this group only, no managed policy).
    const deployLogs = new LogGroup(this, 'DeployLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const deployRole = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'customer-voice: copies the dashboard page into its bucket at deploy time',
    });
    deployLogs.grantWrite(deployRole);
    const copier = { role: deployRole, logGroup: deployLogs, memoryLimit: 512 };
    // Hashed files first and never pruned: a tab still showing the previous page can load its chunks.
    const assets = new BucketDeployment(this, 'DeployAssets', {
      ...copier,
      sources: [Source.bucket(page.bucket, page.s3ObjectKey)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: [HASHED_ASSETS],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
    });
    // Then the entry points, revalidated on each load. No invalidation needed (nor its cloudfront:* on
    // every distribution): for `no-cache` CloudFront keeps them the cache policy's minimum TTL, one second.
    const entry = new BucketDeployment(this, 'DeployPage', {
      ...copier,
      sources: [Source.bucket(page.bucket, page.s3ObjectKey), Source.jsonData('config.json', this.pageConfig)],
      destinationBucket: this.bucket,
      exclude: [HASHED_ASSETS],
      cacheControl: [CacheControl.noCache()],
      // Removed with the stack, so the bucket is empty when CloudFormation deletes it.
      retainOnDelete: false,
    });
    entry.node.addDependency(assets);

    this.suppressFindings(Boolean(props.customDomain));
  }

  private suppressFindings(customDomain: boolean): void {
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: the officer and department heads sign in from wherever they travel; every API call needs a signed-in token or an API key.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'No WAF web ACL (a fixed monthly cost): the page is static files, the API behind /v1/* is throttled by API Gateway and authenticated (JWT authorizer, API keys).',
      },
      ...(customDomain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without -c dashboardDomain the distribution serves the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes; with a custom domain the stack sets TLSv1.2_2021.',
            },
          ]),
    ]);
    NagSuppressions.addResourceSuppressions(this.logsBucket, [
      { id: 'AwsSolutions-S1', reason: 'False positive: server access logs of this bucket go to the stack’s access-log bucket (serverAccessLogsBucket).' },
    ]);
    suppressBucketDeploymentHandler(Stack.of(this), this.node.findChild('DeployRole'));
  }
}

/**
 * CDK's BucketDeployment handler (a stack-level singleton Lambda, Python, run only during
 * deployments): CDK owns its code, runtime and role.
 */
function suppressBucketDeploymentHandler(stack: Stack, role: Construct): void {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('CDK no longer creates a Custom::CDKBucketDeployment handler: review its cdk-nag suppressions');
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Generated by BucketDeployment: s3:GetObject*/GetBucket*/List* on the CDK asset bucket and s3:DeleteObject*/Abort* on the page bucket’s objects (it syncs and prunes them); log writes to its own log group’s streams.',
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    handler,
    [
      { id: 'AwsSolutions-L1', reason: 'CDK pins the BucketDeployment handler’s Python runtime (it bundles the AWS CLI layer for that runtime).' },
      { id: 'Serverless-LambdaDLQ', reason: 'Invoked synchronously by CloudFormation as a custom resource: a failure fails the deployment, which rolls back.' },
      { id: 'Serverless-LambdaTracing', reason: 'CDK-generated deploy-time handler; its code is not ours to instrument.' },
      { id: 'Serverless-LambdaDefaultMemorySize', reason: 'Set per deployment (memoryLimit 512 MB) on the shared handler; CDK owns its configuration.' },
      { id: 'Serverless-LambdaLatestVersion', reason: 'CDK pins the handler’s runtime; it is upgraded with aws-cdk-lib.' },
      { id: 'Serverless-LambdaAsyncFailureDestination', reason: 'Invoked synchronously by CloudFormation: failures are the deployment’s.' },
    ],
    true,
  );
}
