import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { JwtClaims } from '../domain/dashboard/contract';

/**
 * The sign-in token's claims as API Gateway's JWT authorizer put them in the request context
 * (locally, the stack's own token check fills the same field). Never read from a header: a
 * caller controls headers, not the request context.
 */
export function jwtClaimsOf(event: APIGatewayProxyEventV2): JwtClaims | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: unknown } } };
  const claims = context.authorizer?.jwt?.claims;
  return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
}
