/**
 * The client side of MCP Enterprise-Managed Authorization (Cross-App Access, ID-JAG): stateless building blocks for each
 * step of the flow (PROTOCOL.md section 2), and the stateful pieces that keep tokens fresh.
 *
 * <ol>
 *   <li>{@link dev.xaa4j.client.McpAuthorizationDiscovery}: MCP server URL (and 401 challenge) to its protected resource
 *       metadata and authorization server ({@link dev.xaa4j.client.McpServerAuthorization}).</li>
 *   <li>{@link dev.xaa4j.client.TokenExchangeClient}: the user's ID token (or SAML assertion, or IdP refresh token) to an
 *       ID-JAG ({@link dev.xaa4j.client.IdJag}) at the IdP; also the SAML step 1a and the IdP refresh token grant.</li>
 *   <li>{@link dev.xaa4j.client.JwtBearerClient}: the ID-JAG to an access token
 *       ({@link dev.xaa4j.client.AccessToken}) at the authorization server.</li>
 * </ol>
 *
 * <pre>{@code
 * McpServerAuthorization target = McpAuthorizationDiscovery.builder().build().discover(mcpUrl);
 * TokenExchangeClient idp = TokenExchangeClient.fromIssuer(idpIssuer,
 *         ClientAuthentication.clientSecretBasic(idpClientId, idpSecret)).build();
 * IdJag idJag = idp.requestIdJag(SubjectToken.idToken(idToken), target);
 * JwtBearerClient as = JwtBearerClient.builder(target.authorizationServer(),
 *         ClientAuthentication.clientSecretBasic(asClientId, asSecret)).build();
 * AccessToken accessToken = as.requestAccessToken(idJag);
 * }</pre>
 *
 * <p>Above them: {@link dev.xaa4j.client.SubjectTokenSource} keeps the user's identity assertion fresh (static, host
 * SSO, refreshed with the IdP refresh token, SAML); {@link dev.xaa4j.client.IdJagSource} gets a fresh ID-JAG per access
 * token (token exchange, or an application callback); {@link dev.xaa4j.client.TokenBroker} caches access tokens by
 * {@link dev.xaa4j.client.TokenKey}, fetches each once however many callers wait, and renews them before they expire.
 * The MCP SDK integration ({@code xaa4j-mcp-client}) is built on these.
 *
 * <p>Every request goes through one transport ({@link dev.xaa4j.client.HttpOptions}): HTTPS except loopback, checked
 * before connecting; no redirects; bounded bodies; timeouts. Failures are {@link dev.xaa4j.client.XaaClientException}s
 * naming the step. All types are immutable and thread-safe; no token, assertion or secret appears in a message, a log
 * line or a {@code toString()}.
 */
package dev.xaa4j.client;
