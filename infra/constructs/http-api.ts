import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, type IHttpRouteAuthorizer, LogGroupLogDestination, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { DASHBOARD_ROUTE_PREFIX } from '../../shared/domain/dashboard/contract';
import { DEFAULT_ROUTE_FN, ROUTES, type FunctionName } from '../../shared/resources';
import { stageOf } from '../stage';

export interface PublicHttpApiProps {
  readonly functions: Record<FunctionName, IFunction>;
  /** Steady-state requests per second across the API. */
  readonly rateLimit?: number;
  readonly burstLimit?: number;
  /** The sign-in token check (Cognito JWT) of every route under DASHBOARD_ROUTE_PREFIX, and of no other. */
  readonly dashboardAuthorizer?: IHttpRouteAuthorizer;
}

/** Whether a route is the dashboard's: signed-in users only, the JWT authorizer in front. */
export const isDashboardRoute = (route: { path: string }): boolean => route.path.startsWith(DASHBOARD_ROUTE_PREFIX);

/** Fields of HTTP API access logs; never headers, so API keys and signatures stay out of logs. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

/** The public HTTP API: one route per ROUTES entry, each to its function (payload v2). */
export class PublicHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PublicHttpApiProps) {
    super(scope, id);

    // The default stage is declared explicitly because HttpApi's own default stage takes no throttling or logging.
    this.api = new HttpApi(this, 'Api', { apiName: stageOf(this).physical('customer-voice'), createDefaultStage: false });
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, props.functions[route.fn], {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(route.fn, integration);
      }
      let authorizer: IHttpRouteAuthorizer | undefined;
      if (isDashboardRoute(route)) {
        // Fail closed: a dashboard route never goes out unguarded.
        if (!props.dashboardAuthorizer) throw new Error(`${route.method} ${route.path} is a dashboard route: PublicHttpApi needs the dashboardAuthorizer`);
        authorizer = props.dashboardAuthorizer;
      }
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, authorizer });
    }
    // Unmatched paths and methods reach a function too, which answers with the contract's JSON error.
    new HttpRoute(this.api, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration:
        integrations.get(DEFAULT_ROUTE_FN) ??
        new HttpLambdaIntegration(`${DEFAULT_ROUTE_FN}Integration`, props.functions[DEFAULT_ROUTE_FN], { payloadFormatVersion: PayloadFormatVersion.VERSION_2_0 }),
    });

    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'The dashboard routes (/v1/dashboard/*) have the Cognito JWT authorizer. The others authenticate in the functions: hashed per-source API keys with roles (constant-time compare) and provider signatures for webhooks; webhook providers and export tools cannot use IAM SigV4 or Cognito tokens.',
        },
      ],
      true,
    );
  }

  /** The invoke URL of the $default stage (ends with '/'). */
  get url(): string {
    return this.stage.url;
  }
}
