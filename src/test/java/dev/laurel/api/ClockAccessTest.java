package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The adjustable clock is the node's, every program's at once: only a key given the {@code clock} scope may
 * set it, and only to within ten years of the real time.
 */
class ClockAccessTest extends IntegrationTest {

    private static String setting(Instant now) {
        return "{\"now\": \"" + now + "\", \"frozen\": true}";
    }

    @Test
    void an_admin_key_without_the_clock_scope_may_read_the_clock_but_not_move_it() {
        TestProgram p = newProgram(TestProgram.ACME, Map.of(), yaml -> yaml.replace("scopes: [admin, clock]", "scopes: [admin]"));
        Instant before = clock.instant();

        Response r = as(p).put("/v1/admin/clock", setting(Instant.parse("2027-01-01T00:00:00Z")));

        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.json().get("code").asString()).isEqualTo("insufficient-scope");
        assertThat(clock.frozen()).isFalse();
        assertThat(Duration.between(before, clock.instant()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(as(p).get("/v1/admin/clock").status()).isEqualTo(200);
        assertThat(api().key(p.partnerKey()).put("/v1/admin/clock", setting(Instant.parse("2027-01-01T00:00:00Z"))).status())
                .isEqualTo(403);
    }

    @Test
    void a_key_with_the_clock_scope_sets_it_within_ten_years_of_the_real_time_and_not_beyond() {
        Api api = as(newProgram());
        Instant real = clock.instant();
        Instant nineYearsOn = real.atZone(ZoneOffset.UTC).plusYears(9).toInstant();
        Instant elevenYearsOn = real.atZone(ZoneOffset.UTC).plusYears(11).toInstant();
        Instant elevenYearsAgo = real.atZone(ZoneOffset.UTC).minusYears(11).toInstant();

        assertThat(api.put("/v1/admin/clock", setting(nineYearsOn)).status()).isEqualTo(200);
        assertThat(clock.instant()).isEqualTo(nineYearsOn);

        for (Instant far : new Instant[] {elevenYearsOn, elevenYearsAgo}) {
            Response r = api.put("/v1/admin/clock", setting(far));
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("now");
            assertThat(r.json().get("errors").get(0).get("message").asString()).contains("within 10 years");
        }
        assertThat(clock.instant()).isEqualTo(nineYearsOn);
    }
}
