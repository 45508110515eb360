package dev.xaa4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceIdentifiersTest {

    @ParameterizedTest(name = "{0} identifies {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // same URL, and the documented normalisations
        "https://h/mcp              | https://h/mcp                | true",
        "https://h/mcp/             | https://h/mcp                | true",
        "https://h/mcp              | https://h/mcp/               | true",
        "HTTPS://H.Example/mcp      | https://h.example/mcp        | true",
        "https://h.example/mcp      | HTTPS://H.EXAMPLE/mcp        | true",
        "https://h:443/mcp          | https://h/mcp                | true",
        "https://h/mcp              | https://h:443/mcp            | true",
        "http://h:80/mcp            | http://h/mcp                 | true",
        "http://127.0.0.1:8080/mcp  | http://127.0.0.1:8080/mcp    | true",
        // path prefix, segment by segment
        "https://h/mcp              | https://h/mcp/sub            | true",
        "https://h/mcp              | https://h/mcp/a/b/c          | true",
        "https://h                  | https://h/any/path           | true",
        "https://h/                 | https://h/mcp                | true",
        "https://h                  | https://h                    | true",
        "https://h/mcp              | https://h/mcp2               | false",
        "https://h/mcp              | https://h/mc                 | false",
        "https://h/mcp/sub          | https://h/mcp                | false",
        "https://h/mcp              | https://h/                   | false",
        "https://h/mcp              | https://h/MCP                | false",
        "https://h/a/mcp            | https://h/b/mcp              | false",
        // dot segments are resolved before comparing
        "https://h/mcp              | https://h/mcp/../admin       | false",
        "https://h/mcp              | https://h/mcp/./x/../y       | true",
        "https://h/public/../mcp    | https://h/mcp/x              | true",
        // origin
        "https://h/mcp              | https://other/mcp            | false",
        "https://h/mcp              | https://h.evil/mcp           | false",
        "https://h/mcp              | https://sub.h/mcp            | false",
        "https://h/mcp              | https://h:8443/mcp           | false",
        "https://h:8443/mcp         | https://h/mcp                | false",
        "https://h/mcp              | http://h/mcp                 | false",
        "http://h/mcp               | https://h/mcp                | false",
        "https://h:80/mcp           | http://h:80/mcp              | false",
        // queries: equal when the resource has one
        "https://h/mcp?t=1          | https://h/mcp?t=1            | true",
        "https://h/mcp?t=1          | https://h/mcp?t=2            | false",
        "https://h/mcp?t=1          | https://h/mcp                | false",
        "https://h/mcp              | https://h/mcp?t=1            | true",
        // fragments are never allowed in a resource
        "https://h/mcp#f            | https://h/mcp                | false",
        "https://h/mcp#             | https://h/mcp                | false",
        // not a resource identifier
        "/mcp                       | https://h/mcp                | false",
        "h/mcp                      | https://h/mcp                | false",
        "urn:example:mcp            | https://h/mcp                | false",
        "https:///mcp               | https://h/mcp                | false",
        "https://h/m cp             | https://h/m%20cp             | false",
        "''                         | https://h/mcp                | false",
        "https://h/mcp              | /mcp                         | false"})
    void whenResourceComparedWithServerUrlThenDocumentedRuleApplies(String resource, String serverUrl, boolean expected) {
        assertThat(ResourceIdentifiers.identifies(resource, URI.create(serverUrl))).isEqualTo(expected);
    }

    @Test
    void whenResourceNullThenNotIdentified() {
        assertThat(ResourceIdentifiers.identifies(null, URI.create("https://h/mcp"))).isFalse();
    }

    @Test
    void whenServerUrlNullThenNullPointerException() {
        assertThatExceptionOfType(NullPointerException.class)
                .isThrownBy(() -> ResourceIdentifiers.identifies("https://h/mcp", null))
                .withMessage("serverUrl");
    }

    @ParameterizedTest(name = "{0} same as {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "https://h/mcp              | https://h/mcp                | true",
        "https://h/mcp/             | https://h/mcp                | true",
        "HTTPS://H/mcp              | https://h/mcp                | true",
        "https://h:443/mcp          | https://h/mcp                | true",
        "https://h                  | https://h/                   | true",
        "https://h/a/../mcp         | https://h/mcp                | true",
        "https://h/mcp?t=1          | https://h/mcp?t=1            | true",
        "urn:example:resource       | urn:example:resource         | true",
        "https://h/mcp              | https://h/mcp/sub            | false",
        "https://h/mcp/sub          | https://h/mcp                | false",
        "https://h/mcp              | https://h/MCP                | false",
        "https://h/mcp              | https://h/mcp2               | false",
        "https://h/mcp              | http://h/mcp                 | false",
        "https://h/mcp              | https://h:8443/mcp           | false",
        "https://h/mcp?t=1          | https://h/mcp                | false",
        "https://h/mcp              | https://h/mcp?t=1            | false",
        "urn:example:resource       | urn:example:Resource         | false",
        "https://h/mcp#f            | https://h/mcp#f              | false",
        "https://h/mcp#f            | https://h/mcp                | false",
        "/mcp                       | /mcp                         | false",
        "mcp                        | mcp                          | false",
        "https://h/m cp             | https://h/m cp               | false",
        "''                         | ''                           | false"})
    void whenTwoResourcesComparedThenSameOnlyForTheSameResource(String a, String b, boolean expected) {
        assertThat(ResourceIdentifiers.same(a, b)).isEqualTo(expected);
        assertThat(ResourceIdentifiers.same(b, a)).isEqualTo(expected);
    }

    @Test
    void whenEitherResourceNullThenNotSame() {
        assertThat(ResourceIdentifiers.same(null, "https://h/mcp")).isFalse();
        assertThat(ResourceIdentifiers.same("https://h/mcp", null)).isFalse();
        assertThat(ResourceIdentifiers.same(null, null)).isFalse();
    }
}
