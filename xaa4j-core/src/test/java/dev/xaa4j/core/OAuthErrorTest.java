package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthErrorTest {

    static Stream<Arguments> factories() {
        return Stream.of(
                Arguments.of((Function<String, OAuthError>) OAuthError::invalidRequest, "invalid_request", 400),
                Arguments.of((Function<String, OAuthError>) OAuthError::invalidGrant, "invalid_grant", 400),
                Arguments.of((Function<String, OAuthError>) OAuthError::invalidClient, "invalid_client", 401),
                Arguments.of((Function<String, OAuthError>) OAuthError::unauthorizedClient, "unauthorized_client", 400),
                Arguments.of((Function<String, OAuthError>) OAuthError::unsupportedGrantType, "unsupported_grant_type", 400),
                Arguments.of((Function<String, OAuthError>) OAuthError::invalidScope, "invalid_scope", 400),
                Arguments.of((Function<String, OAuthError>) OAuthError::invalidTarget, "invalid_target", 400),
                Arguments.of((Function<String, OAuthError>) OAuthError::accessDenied, "access_denied", 400),
                Arguments.of((Function<String, OAuthError>) OAuthError::serverError, "server_error", 500),
                Arguments.of((Function<String, OAuthError>) OAuthError::temporarilyUnavailable, "temporarily_unavailable", 503));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void whenFactoryUsedThenCodeDescriptionAndStatusDefault(Function<String, OAuthError> factory, String code, int status) {
        OAuthError error = factory.apply("the 'scope' parameter is missing");

        assertThat(error.code()).isEqualTo(code);
        assertThat(error.description()).isEqualTo("the 'scope' parameter is missing");
        assertThat(error.uri()).isNull();
        assertThat(error.httpStatus()).isEqualTo(status);
    }

    @Test
    void whenCodeConstantsReadThenTheyAreTheRfcCodes() {
        assertThat(new String[] {OAuthError.INVALID_REQUEST, OAuthError.INVALID_CLIENT, OAuthError.INVALID_GRANT,
            OAuthError.UNAUTHORIZED_CLIENT, OAuthError.UNSUPPORTED_GRANT_TYPE, OAuthError.INVALID_SCOPE,
            OAuthError.INVALID_TARGET, OAuthError.ACCESS_DENIED, OAuthError.INSUFFICIENT_USER_AUTHENTICATION,
            OAuthError.SERVER_ERROR, OAuthError.TEMPORARILY_UNAVAILABLE, OAuthError.INVALID_TOKEN,
            OAuthError.INSUFFICIENT_SCOPE})
                .containsExactly("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                        "unsupported_grant_type", "invalid_scope", "invalid_target", "access_denied",
                        "insufficient_user_authentication", "server_error", "temporarily_unavailable", "invalid_token",
                        "insufficient_scope");
    }

    @Test
    void whenOfUsedThenStatus400() {
        assertThat(OAuthError.of("insufficient_user_authentication", null))
                .isEqualTo(new OAuthError("insufficient_user_authentication", null, null, 400));
    }

    @Test
    void whenWithHttpStatusThenOnlyStatusChanges() {
        OAuthError error = new OAuthError("invalid_client", "client authentication failed", "https://e/x", 401);

        assertThat(error.withHttpStatus(400))
                .isEqualTo(new OAuthError("invalid_client", "client authentication failed", "https://e/x", 400));
        assertThat(error.withDescription("other"))
                .isEqualTo(new OAuthError("invalid_client", "other", "https://e/x", 401));
    }

    @Test
    void whenSerializedAndParsedThenSameError() {
        OAuthError error = new OAuthError("invalid_grant", "claim \"aud\" \\ mismatch \u00e9 <&>", "https://e/errors?a=1&b=2", 400);

        assertThat(OAuthError.parse(error.toJson(), 400)).isEqualTo(error);
    }

    @Test
    void whenOnlyCodeThenJsonHasOnlyError() {
        OAuthError error = OAuthError.of("invalid_request", null);

        assertThat(error.toJson()).isEqualTo("{\"error\":\"invalid_request\"}");
        assertThat(OAuthError.parse(error.toJson(), 400)).isEqualTo(error);
    }

    @Test
    void whenParsedThenStatusComesFromTheResponse() {
        assertThat(OAuthError.parse("{\"error\":\"invalid_client\"}", 401).httpStatus()).isEqualTo(401);
        assertThat(OAuthError.parse("{\"error\":\"server_error\"}", 502).httpStatus()).isEqualTo(502);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 600, 1000})
    void whenParsedWithImpossibleStatusThen400(int status) {
        assertThat(OAuthError.parse("{\"error\":\"invalid_grant\"}", status).httpStatus()).isEqualTo(400);
    }

    @Test
    void whenBodyHasUnknownMembersAndWrongTypedOptionalsThenTheyAreIgnored() {
        OAuthError error = OAuthError.parse(
                "{\"error\":\"invalid_grant\",\"error_description\":5,\"error_uri\":[\"x\"],\"max_age\":60,\"extra\":{}}", 400);

        assertThat(error).isEqualTo(OAuthError.of("invalid_grant", null));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "not json", "<html>502 Bad Gateway</html>", "[]", "[{\"error\":\"x\"}]", "[[\"error\",\"invalid_grant\"]]",
        " [[\"error\",\"invalid_grant\"],[\"error_description\",\"d\"]]", "\"invalid_grant\"",
        "42", "null", "{}", "{\"error\":null}", "{\"error\":\"\"}", "{\"error\":5}", "{\"error\":[\"invalid_grant\"]}",
        "{\"error\":{\"code\":\"x\"}}", "{\"error_description\":\"no code\"}", "{\"error\":\"x\"", "{\"error\":\"x\"} trailing",
        "{\"error\":\"a\",\"error\":\"b\"}"})
    void whenBodyIsNotAnErrorObjectThenNull(String body) {
        assertThat(OAuthError.parse(body, 400)).isNull();
    }

    @Test
    void whenCodeNullThenNullPointerExceptionNamingCode() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> new OAuthError(null, "d", null, 400))
                .withMessage("code");
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> OAuthError.of(null, "d"))
                .withMessage("code");
    }

    @Test
    void whenCodeEmptyThenIllegalArgumentExceptionNamingCode() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> OAuthError.of("", "d"))
                .withMessageContaining("code");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 600})
    void whenStatusIsNotHttpThenIllegalArgumentExceptionNamingHttpStatus(int status) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> new OAuthError("invalid_grant", null, null, status))
                .withMessageContaining("httpStatus");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> OAuthError.invalidGrant(null).withHttpStatus(status))
                .withMessageContaining("httpStatus");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 400, 599})
    void whenStatusIsAtTheBoundsThenAccepted(int status) {
        assertThat(new OAuthError("invalid_grant", null, null, status).httpStatus()).isEqualTo(status);
    }

    @Test
    void whenToStringThenCodeDescriptionAndStatus() {
        assertThat(OAuthError.invalidClient("client authentication failed"))
                .hasToString("invalid_client: client authentication failed (HTTP 401)");
        assertThat(OAuthError.serverError(null)).hasToString("server_error (HTTP 500)");
    }

    @Test
    void whenOAuthExceptionCreatedThenItCarriesTheErrorAndItsMessage() {
        OAuthError error = OAuthError.invalidGrant("ID-JAG claim 'aud' is missing");

        OAuthException exception = new OAuthException(error);

        assertThat(exception.error()).isSameAs(error);
        assertThat(exception).hasMessage("invalid_grant: ID-JAG claim 'aud' is missing (HTTP 400)").isInstanceOf(XaaException.class);
        assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> new OAuthException(null)).withMessage("error");
    }
}
