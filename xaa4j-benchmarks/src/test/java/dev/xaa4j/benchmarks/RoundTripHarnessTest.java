package dev.xaa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xaa4j.as.AccessTokenIssuer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The round-trip harness at reduced size, as a gate: one token exchange and one JWT bearer grant however many clients
 * start at once, and no 401 while tokens expire under steady traffic. Counts only, no timing.
 */
class RoundTripHarnessTest {

    @Test
    void whenClientsStartColdAtOnceThenOneTokenExchangeAndOneGrantAtEveryConcurrency() throws Exception {
        try (LoopbackDeployment deployment = new LoopbackDeployment(AccessTokenIssuer.DEFAULT_LIFETIME)) {
            for (int n : List.of(1, 16, 64)) {
                RoundTripHarness.FirstCalls r = RoundTripHarness.firstCalls(deployment, n);

                assertThat(r.failures()).as("failed clients of %d", n).isZero();
                assertThat(r.idpTokenRequests()).as("IdP token requests for %d clients", n).isEqualTo(1);
                assertThat(r.asTokenRequests()).as("AS token requests for %d clients", n).isEqualTo(1);
                assertThat(r.mcp401s()).as("401s that started discovery for %d clients", n).isBetween(1L, (long) n);
            }
        }
    }

    @Test
    void whenTrafficRunsAcrossThreeTokenLifetimesThenNo401AndEveryTokenWasRenewedInTime() throws Exception {
        Duration lifetime = Duration.ofSeconds(4);
        try (LoopbackDeployment deployment = new LoopbackDeployment(lifetime)) {
            RoundTripHarness.Steady s = RoundTripHarness.steady(deployment, lifetime, 3, 2);

            assertThat(s.failures()).isZero();
            assertThat(s.calls()).isPositive();
            assertThat(s.asTokenRequests()).as("renewals across three lifetimes").isGreaterThanOrEqualTo(2);
            assertThat(s.idpTokenRequests()).as("a fresh ID-JAG for every access token").isEqualTo(s.asTokenRequests());
            assertThat(s.mcp401s()).isZero();
        }
    }
}
