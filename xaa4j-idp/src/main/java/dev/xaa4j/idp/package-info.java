/**
 * A reference identity provider for MCP Enterprise-Managed Authorization (Cross-App Access, ID-JAG): the IdP role of
 * PROTOCOL.md sections 1, 3, 4 and 6.
 *
 * <ul>
 *   <li>{@link dev.xaa4j.idp.IdentityProvider}: the facade; its builder takes the issuer, signing keys, clients
 *       ({@link dev.xaa4j.idp.IdpClient}), users ({@link dev.xaa4j.idp.IdpUser}), the policy table
 *       ({@link dev.xaa4j.idp.PolicyRule}), lifetimes, a clock and a policy hook ({@link dev.xaa4j.idp.ExchangePolicy},
 *       which sees an {@link dev.xaa4j.idp.ExchangeContext}); it mounts its servlets in a {@code ServletContext} and
 *       mints ID tokens for tests and demos ({@link dev.xaa4j.idp.IssuedIdToken}).</li>
 *   <li>Token endpoint: RFC 8693 token exchange of an ID token or IdP refresh token for an ID-JAG, the OpenID Connect
 *       authorization code grant (PKCE S256 required) and the refresh token grant.</li>
 *   <li>Authorization endpoint with a minimal sign-in page, OpenID Connect discovery (also at the RFC 8414 location) and
 *       the JWK set.</li>
 * </ul>
 *
 * <p>All types are immutable and thread-safe; no token, password or secret appears in a message, a log line or a
 * {@code toString()}.
 */
package dev.xaa4j.idp;
