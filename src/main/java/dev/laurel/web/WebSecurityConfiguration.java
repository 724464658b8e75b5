package dev.laurel.web;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;

/**
 * Security for the pages only: the console needs a signed-in operator; the rewards page is reached by
 * a signed link. Both have CSRF protection on every form. The APIs are not matched here: their keys
 * are checked by the API key filter.
 *
 * <p>Paths are matched as they are routed: the matchers are Spring's path patterns, which match the decoded
 * segments Spring MVC routes by ({@code /%63onsole} is {@code /console} here too), and a path that could be
 * read two ways (';' parameters, encoded '/', '..', double encoding) was refused with 400 before it got here.
 * The session cookie is SameSite=Lax, and Secure over HTTPS ({@code server.servlet.session.cookie}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(
        type = ConditionalOnWebApplication.Type.SERVLET)
class WebSecurityConfiguration {

    @Bean
    SecurityFilterChain pages(HttpSecurity http, OperatorAuthentication operators, OperatorActions actions) throws Exception {
        // Signing in and out are operator actions too: recorded in the audit log, then answered as before.
        SimpleUrlAuthenticationSuccessHandler toConsole = new SimpleUrlAuthenticationSuccessHandler("/console");
        toConsole.setAlwaysUseDefaultTargetUrl(true);
        SimpleUrlLogoutSuccessHandler toLogin = new SimpleUrlLogoutSuccessHandler();
        toLogin.setDefaultTargetUrl("/console/login?signedOut");
        http.securityMatcher("/console/**", "/console", "/rewards/**")
                .authenticationProvider(operators)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login").permitAll()
                        .requestMatchers("/rewards/**").permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .formLogin(f -> f.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .authenticationDetailsSource(request -> request.getParameter("program"))
                        .successHandler((request, response, authentication) -> {
                            record(actions, authentication, "signed.in");
                            toConsole.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureUrl("/console/login?error").permitAll())
                .logout(l -> l.logoutUrl("/console/logout").logoutSuccessHandler((request, response, authentication) -> {
                    record(actions, authentication, "signed.out");
                    toLogin.onLogoutSuccess(request, response, authentication);
                }))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                        "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")));
        return http.build();
    }

    private static void record(OperatorActions actions, Authentication authentication, String action) {
        if (authentication != null && authentication.getPrincipal() instanceof Operator operator) {
            actions.record(operator, action, null, Map.of(), null);
        }
    }
}
