package dev.xaa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark measures successes only, also after its pool of ID-JAGs has been used up and starts over. */
class AuthorizationServerBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256"})
    void whenCallsOutnumberThePoolThenEveryCallSucceedsWithAFreshReplayStore(String alg) throws Exception {
        AuthorizationServerBenchmark benchmark = new AuthorizationServerBenchmark();
        benchmark.alg = alg;
        benchmark.poolSize = 3;
        benchmark.trial();
        benchmark.iteration();

        for (int i = 0; i < 7; i++) {
            assertThat(benchmark.verify()).isTrue();
            assertThat(benchmark.validate().scope()).containsExactly("tools.read", "tools.write");
            assertThat(benchmark.verifyAndSign()).isNotNull();
            assertThat(benchmark.grant().audience()).isEqualTo(XaaFixture.RESOURCE);
            assertThat(benchmark.tokenEndpoint()).containsEntry("token_type", "Bearer");
        }
    }
}
