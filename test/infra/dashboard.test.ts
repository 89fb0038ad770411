import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/app';
import { InvalidStackConfigError } from '../../infra/config';
import { DASHBOARD_TOKEN_VALIDITY } from '../../infra/constructs/dashboard-auth';
import { dashboardContentSecurityPolicy, dashboardRoutingFunctionCode, HSTS_MAX_AGE_SECONDS } from '../../infra/constructs/dashboard-headers';
import { buildDashboardPage, dashboardPageAsset, DashboardPageBuildError } from '../../infra/constructs/dashboard-page-build';
import { API_PATH_PATTERN } from '../../infra/constructs/dashboard-site';
import { isDashboardRoute } from '../../infra/constructs/http-api';
import { DASHBOARD_OUTPUTS, DASHBOARD_PAGES, DASHBOARD_ROUTE_PREFIX, OFFICER_GROUP, PageConfigSchema } from '../../shared/domain/dashboard/contract';
import { ENV, FUNCTIONS, ROUTES, type FunctionName } from '../../shared/resources';
import { referencedIds } from '../support/cloudformation';

type Json = Record<string, any>;
/** Skips esbuild and the page's Vite build: these tests inspect the template (the page build has its own test). */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const MAIL = { officerEmail: 'cco@acme.fr', senderEmail: 'voix@acme.fr' };
const CUSTOM_DOMAIN = { dashboardDomain: 'Voice.Acme.fr', dashboardCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789' };
/** CloudFront's managed policies (ids fixed by AWS). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const build = (context: Record<string, unknown> = {}) => buildApp({ context: { ...NO_BUNDLING, ...MAIL, ...context }, processEnv: {} });

let built: BuiltApp;
let resources: Record<string, Json>;
let outputs: Record<string, Json>;

const idOf = (b: BuiltApp, construct: IConstruct): string => b.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const ofType = (res: Record<string, Json>, type: string) => Object.entries(res).filter(([, r]) => r.Type === type);
const only = (res: Record<string, Json>, type: string): [string, Json] => {
  const found = ofType(res, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

/** What each resource needs created first: its references and DependsOn, within the template. */
function dependencyGraph(res: Record<string, Json>): Map<string, Set<string>> {
  return new Map(
    Object.entries(res).map(([id, r]) => [
      id,
      new Set([...referencedIds(r.Properties ?? {}), ...[r.DependsOn ?? []].flat()].filter((d: string) => d in res && d !== id)),
    ]),
  );
}

/** A cycle CloudFormation would refuse ("Circular dependency between resources"), or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Whether `from` needs `to` created first, directly or through others. */
function dependsOn(graph: Map<string, Set<string>>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length) {
    const id = pending.pop()!;
    for (const next of graph.get(id) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) pending.push(next), seen.add(next);
    }
  }
  return false;
}

beforeAll(() => {
  // Prepare + Act: one synth of the default stage for most of the file.
  built = build();
  const template = Template.fromStack(built.stack).toJSON();
  resources = template.Resources;
  outputs = template.Outputs;
});

describe('the page bucket', () => {
  it('is private, SSL only, encrypted, not a website, and readable by this distribution only (origin access control)', () => {
    const site = built.stack.dashboardSite;
    const bucket = resources[idOf(built, site.bucket)]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(bucket.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: idOf(built, built.stack.stateful.accessLogsBucket) } });

    const policy = ofType(resources, 'AWS::S3::BucketPolicy').find(([, r]) => r.Properties.Bucket.Ref === idOf(built, site.bucket))![1];
    const statements = policy.Properties.PolicyDocument.Statement as Json[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(referencedIds(allows[0]!.Condition.StringEquals['AWS:SourceArn'])).toContain(idOf(built, site.distribution));

    const [oacId, oac] = only(resources, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const origins = resources[idOf(built, site.distribution)]!.Properties.DistributionConfig.Origins as Json[];
    const s3 = origins.find((o) => o.S3OriginConfig)!;
    expect(referencedIds(s3.OriginAccessControlId)).toEqual([oacId]);
    expect(s3.S3OriginConfig.OriginAccessIdentity).toBe('');
  });
});

describe('the distribution', () => {
  const config = () => resources[idOf(built, built.stack.dashboardSite.distribution)]!.Properties.DistributionConfig;

  it('serves index.html at the root and page paths through the routing function, never through error responses', () => {
    const c = config();
    expect(c.DefaultRootObject).toBe('index.html');
    // 403/404 → index.html would turn the API's own 404s and 403s into the page.
    expect(c.CustomErrorResponses).toBeUndefined();
    expect(c.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], Compress: true });
    expect(c.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [idOf(built, built.stack.dashboardSite.routingFunction), 'FunctionARN'] } },
    ]);
    const [, fn] = only(resources, 'AWS::CloudFront::Function');
    expect(fn.Properties.FunctionCode).toBe(dashboardRoutingFunctionCode());
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
  });

  it('sends /v1/* to the HTTP API: uncached, every method, every viewer header but Host, HTTPS only, no page routing', () => {
    const c = config();
    expect(c.CacheBehaviors).toHaveLength(1);
    const api = c.CacheBehaviors[0];
    expect(api).toMatchObject({
      PathPattern: API_PATH_PATTERN,
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api.FunctionAssociations).toBeUndefined();
    const origin = (c.Origins as Json[]).find((o) => o.Id === api.TargetOriginId)!;
    expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(origin.DomainName).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [idOf(built, built.stack.httpApi.api), 'ApiEndpoint'] }] }] });
    // Every API route is under the pattern, so the page and the API share one origin.
    for (const route of ROUTES) expect(route.path.startsWith(API_PATH_PATTERN.slice(0, -1)), route.path).toBe(true);
  });

  it('logs requests to a bucket of its own, and uses the CloudFront domain and its certificate by default', () => {
    const c = config();
    expect(referencedIds(c.Logging.Bucket)).toEqual([idOf(built, built.stack.dashboardSite.logsBucket)]);
    expect(resources[idOf(built, built.stack.dashboardSite.logsBucket)]!.Properties.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerPreferred');
    expect(c.Aliases).toBeUndefined();
    expect(c.ViewerCertificate).toBeUndefined();
    expect(outputs[DASHBOARD_OUTPUTS.url]!.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [idOf(built, built.stack.dashboardSite.distribution), 'DomainName'] }, '/']] });
  });

  it('adds HSTS, a CSP allowing only itself and the sign-in domain, nosniff, no framing and no referrer to every response', () => {
    const [policyId, policy] = only(resources, 'AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    const csp = headers.ContentSecurityPolicy.ContentSecurityPolicy;
    expect(referencedIds(csp)).toEqual([idOf(built, built.stack.dashboardAuth.domain), 'AWS::Region']);
    const text = JSON.stringify(csp);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) expect(text).toContain(directive);
    expect(text).toMatch(/connect-src 'self' https:\/\/",\{"Ref":"DashboardAuth[A-Za-z0-9]*SignIn[A-Za-z0-9]*"\},"\.auth\.",\{"Ref":"AWS::Region"\},"\.amazoncognito\.com;/);
    expect(text).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const c = config();
    expect(c.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(c.CacheBehaviors[0].ResponseHeadersPolicyId).toEqual({ Ref: policyId });
  });

  it('with -c dashboardDomain: that host name, its us-east-1 certificate, TLS 1.2 or later, and the sign-in callback there', () => {
    // Act
    const b = build(CUSTOM_DOMAIN);
    const t = Template.fromStack(b.stack).toJSON();
    // Assess
    const c = t.Resources[idOf(b, b.stack.dashboardSite.distribution)].Properties.DistributionConfig;
    expect(c.Aliases).toEqual(['voice.acme.fr']);
    expect(c.ViewerCertificate).toEqual({ AcmCertificateArn: CUSTOM_DOMAIN.dashboardCertificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(t.Outputs[DASHBOARD_OUTPUTS.url].Value).toBe('https://voice.acme.fr/');
    expect(t.Outputs.DashboardDomainCname.Value).toEqual({
      'Fn::Join': [' CNAME ', ['voice.acme.fr', { 'Fn::GetAtt': [idOf(b, b.stack.dashboardSite.distribution), 'DomainName'] }]],
    });
    expect(outputs.DashboardDomainCname).toBeUndefined();
    const client = t.Resources[idOf(b, b.stack.dashboardAuth.client)].Properties;
    expect(client.CallbackURLs).toEqual(['https://voice.acme.fr/']);
    expect(client.LogoutURLs).toEqual(['https://voice.acme.fr/']);
    const evaluate = t.Resources[idOf(b, b.stack.pipeline.functions.evaluateAlerts)].Properties.Environment.Variables;
    expect(evaluate[ENV.dashboardUrl]).toBe('https://voice.acme.fr/');
    expect(Annotations.fromStack(b.stack).findError('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*'))).toEqual([]);
  });

  it('refuses a custom domain without its certificate, or a certificate CloudFront cannot read', () => {
    expect(() => build({ dashboardDomain: 'voice.acme.fr' })).toThrow(InvalidStackConfigError);
    expect(() => build({ dashboardDomain: 'voice.acme.fr' })).toThrow(/dashboardDomain and dashboardCertificateArn go together/);
    expect(() => build({ dashboardCertificateArn: CUSTOM_DOMAIN.dashboardCertificateArn })).toThrow(/at dashboardDomain/);
    expect(() => build({ ...CUSTOM_DOMAIN, dashboardCertificateArn: CUSTOM_DOMAIN.dashboardCertificateArn.replace('us-east-1', 'eu-west-3') })).toThrow(/in us-east-1/);
  });
});

describe('the routing function', () => {
  // The code CloudFront runs, evaluated as CloudFront would call it.
  const handler = new Function(`${dashboardRoutingFunctionCode()}\nreturn handler;`)() as (event: { request: { uri: string } }) => { uri: string };
  const route = (uri: string) => handler({ request: { uri } }).uri;

  it('answers index.html for every page path of the contract, ids with dots included', () => {
    const pages = [
      DASHBOARD_PAGES.overview(),
      DASHBOARD_PAGES.department('billing'),
      DASHBOARD_PAGES.interfaces(),
      DASHBOARD_PAGES.journeys(),
      DASHBOARD_PAGES.incidents(),
      DASHBOARD_PAGES.incident('billing-2026-12-02'),
      DASHBOARD_PAGES.incident('journey.cancellation-2026-12-02'),
      DASHBOARD_PAGES.department('v2.billing'),
      '/unknown/page',
    ];
    for (const page of pages) expect(route(page), page).toBe('/index.html');
  });

  it('leaves the page’s files to S3', () => {
    for (const file of ['/index.html', '/config.json', '/assets/index-3f2a1b.js', '/assets/uPlot-77aa.css', '/favicon.ico']) expect(route(file)).toBe(file);
  });
});

describe('config.json', () => {
  it('is the contract’s Cognito page config: the sign-in domain, the page’s client, the page’s URL as redirect', () => {
    const deployments = ofType(resources, 'Custom::CDKBucketDeployment').map(([, r]) => r.Properties as Json);
    expect(deployments).toHaveLength(2);
    const deploy = deployments.find((d) => d.Prune === true)!;
    // The second source is Source.jsonData('config.json', …): its tokens are markers resolved at deploy.
    const markers = deploy.SourceMarkers[1] as Record<string, unknown>;
    expect(Object.values(markers)).toEqual(
      expect.arrayContaining([
        { Ref: idOf(built, built.stack.dashboardAuth.domain) },
        { Ref: idOf(built, built.stack.dashboardAuth.client) },
        { 'Fn::GetAtt': [idOf(built, built.stack.dashboardSite.distribution), 'DomainName'] },
      ]),
    );
    expect(deploy).toMatchObject({ Prune: true, Exclude: ['assets/*'], SystemMetadata: { 'cache-control': 'no-cache' }, RetainOnDelete: false });
    // No invalidation (no-cache objects stay one second, the cache policy's minimum), so no cloudfront:* on '*'.
    expect(deploy.DistributionId).toBeUndefined();
    const assets = deployments.find((d) => d.Prune === false)!;
    expect(assets).toMatchObject({ Prune: false, Exclude: ['*'], Include: ['assets/*'], SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    // What the page parses: the contract's shape, with the sign-in domain, the client and the page's own URL.
    const { pageConfig } = built.stack.dashboardSite;
    expect(PageConfigSchema.safeParse(pageConfig).success).toBe(true);
    expect(built.stack.resolve(pageConfig)).toEqual({
      auth: 'cognito',
      apiBase: '',
      domain: outputs[DASHBOARD_OUTPUTS.signInDomain]!.Value,
      clientId: { Ref: idOf(built, built.stack.dashboardAuth.client) },
      redirectUri: outputs[DASHBOARD_OUTPUTS.url]!.Value,
    });
  });
});

describe('the page copier (CDK BucketDeployment)', () => {
  it('runs with a role of ours: its own log group, no managed policy, no CloudFront permission, no Resource "*"', () => {
    const roleId = idOf(built, built.stack.dashboardSite.node.findChild('DeployRole'));
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = ofType(resources, 'AWS::IAM::Policy')
      .filter(([, r]) => referencedIds(r.Properties.Roles).includes(roleId))
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Json[]);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect([statement.Resource].flat()).not.toContain('*');
      for (const action of [statement.Action].flat() as string[]) expect(action).toMatch(/^(s3|logs):/);
    }
    const handler = ofType(resources, 'AWS::Lambda::Function').find(([id]) => id.startsWith('CustomCDKBucketDeployment'))![1];
    expect(handler.Properties.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(referencedIds(handler.Properties.LoggingConfig)).toEqual([idOf(built, built.stack.dashboardSite.node.findChild('DeployLogs'))]);
  });
});

describe('sign-in (Cognito)', () => {
  it('invites users only, signs in by verified email with a strong password, TOTP as an option', () => {
    const [, pool] = only(resources, 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  it('has a public page client: no secret, authorization code only, openid/email/profile, the page as callback, short tokens', () => {
    const [, client] = only(resources, 'AWS::Cognito::UserPoolClient');
    const page = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [idOf(built, built.stack.dashboardSite.distribution), 'DomainName'] }, '/']] };
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [page],
      LogoutURLs: [page],
      IdTokenValidity: DASHBOARD_TOKEN_VALIDITY.idToken.toMinutes(),
      AccessTokenValidity: 60,
      RefreshTokenValidity: 12 * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('has the officer group', () => {
    const [, group] = only(resources, 'AWS::Cognito::UserPoolGroup');
    expect(group.Properties).toMatchObject({ GroupName: OFFICER_GROUP, UserPoolId: { Ref: idOf(built, built.stack.dashboardAuth.userPool) } });
  });

  it('guards every dashboard route with the JWT authorizer (issuer the pool, audience the page client), and no other route', () => {
    const [authorizerId, authorizer] = only(resources, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: idOf(built, built.stack.dashboardAuth.client) }] },
    });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('https://cognito-idp.');
    expect(referencedIds(authorizer.Properties.JwtConfiguration.Issuer)).toContain(idOf(built, built.stack.dashboardAuth.userPool));

    const routes = new Map(ofType(resources, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey as string, r.Properties]));
    const dashboard = ROUTES.filter(isDashboardRoute);
    expect(dashboard.length).toBeGreaterThan(0);
    for (const route of ROUTES) {
      const props = routes.get(`${route.method} ${route.path}`)!;
      expect(props, `${route.method} ${route.path}`).toBeDefined();
      if (route.path.startsWith(DASHBOARD_ROUTE_PREFIX)) expect(props, route.path).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      else expect(props.AuthorizerId, route.path).toBeUndefined();
    }
    expect(routes.get('$default')!.AuthorizerId).toBeUndefined();
  });

  it('serves the topics to a read key with no authorizer (the function checks the key) and to a signed-in viewer behind the JWT authorizer, both from the read API', () => {
    const [authorizerId] = only(resources, 'AWS::ApiGatewayV2::Authorizer');
    const routes = new Map(ofType(resources, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey as string, r.Properties]));
    const keyRoute = routes.get('GET /v1/topics')!;
    const viewerRoute = routes.get('GET /v1/dashboard/topics')!;
    expect(keyRoute.AuthorizerId).toBeUndefined();
    expect(keyRoute.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(viewerRoute).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    const readApi = idOf(built, built.stack.pipeline.functions.readApi);
    for (const route of [keyRoute, viewerRoute]) {
      const integrationId = referencedIds(route.Target).find((id) => resources[id]?.Type === 'AWS::ApiGatewayV2::Integration')!;
      expect(referencedIds(resources[integrationId]!.Properties.IntegrationUri)).toContain(readApi);
    }
  });

  it('keeps the pool of the prod stage (retain, deletion protection), lets other stages go, and names things per stage', () => {
    const [prodPoolId, prodPool] = only(resources, 'AWS::Cognito::UserPool');
    expect(prodPool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { DeletionProtection: 'ACTIVE', UserPoolName: 'customer-voice-dashboard' } });
    const [, prodDomain] = only(resources, 'AWS::Cognito::UserPoolDomain');
    expect(prodDomain.Properties.Domain).toEqual({ 'Fn::Join': ['', ['customer-voice-', { Ref: 'AWS::AccountId' }]] });
    expect(prodPoolId).toBeDefined();

    // Act
    const staging = build({ stage: 'staging' });
    const t = Template.fromStack(staging.stack).toJSON().Resources as Record<string, Json>;
    // Assess
    const [, pool] = only(t, 'AWS::Cognito::UserPool');
    expect(pool).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtection: 'INACTIVE', UserPoolName: 'staging-customer-voice-dashboard' } });
    expect(only(t, 'AWS::Cognito::UserPoolDomain')[1].Properties.Domain).toEqual({ 'Fn::Join': ['', ['staging-customer-voice-', { Ref: 'AWS::AccountId' }]] });
    expect(only(t, 'AWS::CloudFront::ResponseHeadersPolicy')[1].Properties.ResponseHeadersPolicyConfig.Name).toBe('staging-customer-voice-dashboard-headers');
    expect(only(t, 'AWS::CloudFront::Function')[1].Properties.Name).toBe('staging-customer-voice-dashboard-routing');
    expect(only(t, 'AWS::ApiGatewayV2::Authorizer')[1].Properties.Name).toBe('staging-customer-voice-dashboard');
  });
});

describe('outputs and the email functions', () => {
  it('outputs the page URL, the pool, its client and the sign-in domain under the contract’s names', () => {
    expect(outputs[DASHBOARD_OUTPUTS.userPoolId]!.Value).toEqual({ Ref: idOf(built, built.stack.dashboardAuth.userPool) });
    expect(outputs[DASHBOARD_OUTPUTS.clientId]!.Value).toEqual({ Ref: idOf(built, built.stack.dashboardAuth.client) });
    expect(JSON.stringify(outputs[DASHBOARD_OUTPUTS.signInDomain]!.Value)).toContain(idOf(built, built.stack.dashboardAuth.domain));
    expect(outputs[DASHBOARD_OUTPUTS.url]).toBeDefined();
  });

  it('sets DASHBOARD_URL, the distribution’s URL, on exactly the functions that send email', () => {
    const senders = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => (FUNCTIONS[name].env as readonly string[]).includes('dashboardUrl'));
    expect(senders.sort()).toEqual(['evaluateAlerts', 'sendDailySummary', 'sendDigest']);
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const variables = resources[idOf(built, built.stack.pipeline.functions[name])]!.Properties.Environment.Variables as Record<string, unknown>;
      if (senders.includes(name)) expect(variables[ENV.dashboardUrl], name).toEqual(outputs[DASHBOARD_OUTPUTS.url]!.Value);
      else expect(variables[ENV.dashboardUrl], name).toBeUndefined();
    }
  });

  it('has no circular dependency: the distribution needs the API, not its routes or functions; the email functions and the routes come after it', () => {
    const graph = dependencyGraph(resources);
    expect(findCycle(graph)).toBeUndefined();
    const distribution = idOf(built, built.stack.dashboardSite.distribution);
    expect(dependsOn(graph, distribution, idOf(built, built.stack.httpApi.api))).toBe(true);
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) expect(dependsOn(graph, distribution, idOf(built, built.stack.pipeline.functions[name])), name).toBe(false);
    expect(dependsOn(graph, idOf(built, built.stack.pipeline.functions.evaluateAlerts), distribution)).toBe(true);
    const dashboardRoute = ofType(resources, 'AWS::ApiGatewayV2::Route').find(([, r]) => (r.Properties.RouteKey as string).includes(DASHBOARD_ROUTE_PREFIX))!;
    expect(dependsOn(graph, dashboardRoute[0], distribution)).toBe(true);
  });

  it('is cdk-nag clean (AwsSolutions and Serverless), suppressions with reasons', () => {
    const annotations = Annotations.fromStack(built.stack);
    const findings = [
      ...annotations.findError('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 120)}`)).toEqual([]);
  });
});

describe('the page build (Vite at synth, no Docker)', () => {
  let fixture: string;

  beforeAll(() => {
    // A minimal page of our own: the real web/ is built by the stack test's full synth.
    fixture = mkdtempSync(path.join(tmpdir(), 'cv-dashboard-page-'));
    mkdirSync(path.join(fixture, 'src'));
    writeFileSync(path.join(fixture, 'index.html'), '<!doctype html><html lang="en"><head><title>t</title></head><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>');
    writeFileSync(path.join(fixture, 'src', 'main.ts'), "document.getElementById('app')!.textContent = 'dashboard fixture';\n");
    writeFileSync(path.join(fixture, 'vite.config.ts'), 'export default { logLevel: "warn" };\n');
  });

  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it('builds the page into the asset with CDK local bundling: index.html and hashed assets', () => {
    // Prepare: a stack whose bundling is on (the default).
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cv-dashboard-asm-')) });
    const stack = new Stack(app, 'PageOnly');
    // Act
    const asset = dashboardPageAsset(stack, 'Page', fixture);
    const assembly = app.synth();
    // Assess
    const staged = path.join(assembly.directory, asset.assetPath);
    const files = readdirSync(staged, { recursive: true }).map(String);
    expect(files).toContain('index.html');
    const scripts = files.filter((f) => /^assets[/\\]index-[\w-]+\.js$/.test(f));
    expect(scripts).toHaveLength(1);
    expect(readFileSync(path.join(staged, scripts[0]!), 'utf8')).toContain('dashboard fixture');
    expect(readFileSync(path.join(staged, 'index.html'), 'utf8')).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    rmSync(assembly.directory, { recursive: true, force: true });
  });

  it('fails synth with Vite’s message when the page does not build, and names a missing configuration', () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'cv-dashboard-broken-'));
    try {
      writeFileSync(path.join(broken, 'vite.config.ts'), 'export default {};\n');
      writeFileSync(path.join(broken, 'index.html'), '<script type="module" src="/src/missing.ts"></script>');
      const out = mkdtempSync(path.join(tmpdir(), 'cv-dashboard-out-'));
      expect(() => buildDashboardPage(broken, out)).toThrow(DashboardPageBuildError);
      expect(() => buildDashboardPage(broken, out)).toThrow(/vite build of the dashboard page .* failed:[\s\S]*missing\.ts/);
      rmSync(out, { recursive: true, force: true });
      expect(() => buildDashboardPage(path.join(broken, 'nowhere'), broken)).toThrow(/has no .*vite\.config\.ts/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
    expect(existsSync(broken)).toBe(false);
  });
});

describe('dashboardContentSecurityPolicy', () => {
  it('allows the sign-in origin for token calls only', () => {
    const csp = dashboardContentSecurityPolicy('https://cv.auth.eu-west-3.amazoncognito.com');
    expect(csp.split('; ').filter((d) => d.includes('amazoncognito'))).toEqual(["connect-src 'self' https://cv.auth.eu-west-3.amazoncognito.com"]);
    expect(dashboardContentSecurityPolicy().split('; ')).toContain("connect-src 'self'");
    expect(dashboardContentSecurityPolicy()).not.toContain('amazoncognito');
  });
});
