package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends IntegrationTest {

    @Test
    void a_call_without_a_key_is_401_with_a_problem() {
        Response r = api().get("/v1/members");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.json().get("code").asString()).isEqualTo("missing-api-key");
    }

    @Test
    void a_wrong_key_is_401() {
        Response r = api().key("not-a-key-of-any-program").get("/v1/members");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("code").asString()).isEqualTo("invalid-api-key");
    }

    @Test
    void the_key_may_be_sent_as_apikey_or_bearer() {
        TestProgram p = newProgram();

        assertThat(api().key(p.adminKey()).get("/v1/members").status()).isEqualTo(200);
        assertThat(api().header("Authorization", "Bearer " + p.adminKey()).get("/v1/members").status()).isEqualTo(200);
        assertThat(api().header("Authorization", "bearer " + p.adminKey()).get("/v1/members").status()).isEqualTo(200);
    }

    @Test
    void basic_authentication_is_taken_only_on_sessionm_paths() {
        TestProgram p = newProgram();
        String basic = "Basic " + Base64.getEncoder().encodeToString((":" + p.adminKey()).getBytes(StandardCharsets.UTF_8));

        assertThat(api().header("Authorization", basic).get("/v1/members").status()).isEqualTo(401);
        // Past authentication: the path itself has no endpoint (yet), so 404 rather than 401.
        Response priv = api().header("Authorization", basic).get("/priv/v1/apps/acme-app/nothing-here");
        assertThat(priv.status()).isEqualTo(404);
        Response wrong = api().header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("user:wrong-password".getBytes(StandardCharsets.UTF_8))).get("/priv/v1/apps/acme-app/nothing-here");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(api().header("Authorization", "Basic %%%").get("/priv/v1/apps/x").status()).isEqualTo(401);
    }

    @Test
    void a_partner_key_may_not_use_admin_endpoints() {
        TestProgram p = newProgram();

        Response r = api().key(p.partnerKey()).get("/v1/members");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("code").asString()).isEqualTo("insufficient-scope");
        assertThat(api().key(p.partnerKey()).post("/v1/members", "{}").status()).isEqualTo(403);
        assertThat(api().key(p.partnerKey()).get("/v1/programs/" + p.id()).status()).isEqualTo(403);
        assertThat(api().key(p.partnerKey()).post("/v1/admin/jobs/run", "").status()).isEqualTo(403);
    }

    @Test
    void unauthenticated_paths_are_only_health_metrics_and_docs() {
        assertThat(api().get("/actuator/health").status()).isEqualTo(200);
        assertThat(api().get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(api().get("/api/v2/point-accounts/balances/status/x").status()).isEqualTo(401);
        assertThat(api().get("/loyalty/user/x/points").status()).isEqualTo(401);
    }
}
