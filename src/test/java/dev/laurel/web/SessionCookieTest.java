package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The console's session cookie: HttpOnly and SameSite=Lax always, Secure whenever the request came over HTTPS. */
class SessionCookieTest extends IntegrationTest {

    @Test
    void over_http_the_session_cookie_is_http_only_and_same_site_lax() {
        String cookie = api().get("/console/login").header("Set-Cookie");

        assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(cookie.toLowerCase()).doesNotContainPattern("(^|; )secure(;|$)");
    }

    @Test
    void over_https_through_a_proxy_the_session_cookie_is_also_secure() {
        String cookie = api().header("X-Forwarded-Proto", "https").get("/console/login").header("Set-Cookie");

        assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(cookie.toLowerCase()).containsPattern("(^|; )secure(;|$)");
    }
}
