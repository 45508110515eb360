package dev.xaa4j.core;

/**
 * Protocol identifiers of Enterprise-Managed Authorization that are not grant or token types.
 *
 * <p>Sources: draft-ietf-oauth-identity-assertion-authz-grant-04 (ID-JAG), RFC 7523/7521, RFC 9068 and the MCP extension
 * {@code io.modelcontextprotocol/enterprise-managed-authorization}. Constants only; thread-safe.
 */
public final class XaaIdentifiers {

    /** The grant profile that an AS lists in {@code authorization_grant_profiles_supported} when it takes ID-JAGs. */
    public static final String ID_JAG_GRANT_PROFILE = "urn:ietf:params:oauth:grant-profile:id-jag";

    /** The JOSE {@code typ} header of an ID-JAG. */
    public static final String ID_JAG_JWT_TYPE = "oauth-id-jag+jwt";

    /** The JOSE {@code typ} header of an RFC 9068 JWT access token. */
    public static final String ACCESS_TOKEN_JWT_TYPE = "at+jwt";

    /** RFC 7523 section 2.2 {@code client_assertion_type} for {@code private_key_jwt}. */
    public static final String CLIENT_ASSERTION_TYPE_JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** The MCP extension identifier, declared by clients in their capabilities' extensions. */
    public static final String MCP_EXTENSION_ID = "io.modelcontextprotocol/enterprise-managed-authorization";

    /** The {@code token_type} an IdP returns with an ID-JAG (RFC 8693 section 2.2.1: "not applicable"). */
    public static final String TOKEN_TYPE_NOT_APPLICABLE = "N_A";

    /** The {@code token_type} of an access token for the MCP server (RFC 6750). */
    public static final String TOKEN_TYPE_BEARER = "Bearer";

    private XaaIdentifiers() {
    }
}
