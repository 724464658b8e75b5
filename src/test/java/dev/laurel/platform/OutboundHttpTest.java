package dev.laurel.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.support.TestPointMaster;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class OutboundHttpTest {

    private static OutboundHttp policy(String profile, List<String> allowed) {
        return new OutboundHttp(new LaurelSettings(profile,
                new LaurelSettings.Db("", "", "", Path.of("laurel-data"), 10, Duration.ofSeconds(3), false, ""),
                new LaurelSettings.Programs("", List.of()),
                new LaurelSettings.ClockSettings(false),
                new LaurelSettings.Sweeps(true, Duration.ofSeconds(10)),
                new LaurelSettings.Outbound(allowed),
                new LaurelSettings.PointMaster(Duration.ofSeconds(3)),
                new LaurelSettings.Clients(64, Duration.ofSeconds(30))));
    }

    @Test
    void in_production_private_loopback_and_metadata_addresses_are_refused() {
        OutboundHttp http = policy("production", List.of());

        for (String url : List.of("http://127.0.0.1:8089/x", "http://localhost/x", "http://10.0.0.5/x", "http://192.168.1.1/x",
                "http://172.16.0.1/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://[fd00::1]/x",
                "http://100.64.0.1/x", "http://0.0.0.0/x", "http://[::ffff:10.0.0.1]/x")) {
            assertThatThrownBy(() -> http.check(URI.create(url))).as(url).isInstanceOf(OutboundRefused.class);
        }
    }

    @Test
    void public_addresses_are_allowed() {
        OutboundHttp http = policy("production", List.of());

        assertThatCode(() -> http.check(URI.create("https://93.184.216.34/hook"))).doesNotThrowAnyException();
    }

    @Test
    void only_http_and_https_are_called() {
        OutboundHttp http = policy("development", List.of());

        assertThatThrownBy(() -> http.check(URI.create("file:///etc/passwd"))).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> http.check(URI.create("ftp://93.184.216.34/x"))).isInstanceOf(OutboundRefused.class);
    }

    @Test
    void listed_hosts_may_be_private_and_development_may_call_loopback() throws Exception {
        policy("production", List.of("10.0.0.5", "pointmaster.internal:8443")).check(URI.create("http://10.0.0.5/x"));
        policy("production", List.of("pointmaster.internal:8443")).check(URI.create("https://pointmaster.internal:8443/x"));
        policy("development", List.of()).check(URI.create("http://127.0.0.1:8089/x"));

        assertThatThrownBy(() -> policy("production", List.of("pointmaster.internal:8443"))
                .check(URI.create("https://pointmaster.internal:9999/x"))).isInstanceOf(OutboundRefused.class);
        assertThatThrownBy(() -> policy("development", List.of()).check(URI.create("http://10.1.2.3/x")))
                .isInstanceOf(OutboundRefused.class);
    }

    @Test
    void a_request_timeout_firing_before_the_deadline_is_a_timeout_not_an_unreachable_host() {
        OutboundHttp http = policy("development", List.of());
        try (TestPointMaster master = new TestPointMaster().hangHistory()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(master.url() + "/fetchPointHistory?id=x"))
                    .timeout(Duration.ofMillis(200)).GET().build();

            assertThatThrownBy(() -> http.send(request, Duration.ofSeconds(30))).isInstanceOf(TimeoutException.class);
        }
    }
}
