package dev.laurel.api;

import dev.laurel.platform.LaurelSettings;
import java.time.Duration;
import org.apache.catalina.Host;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat answers its own errors as problems too, and bounds what one client may take of it
 * ({@link ClientLimitsValve}).
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    /** The longest a request body may pause between two reads before Tomcat gives up on it (408). */
    static final Duration BODY_PAUSE_MAX = Duration.ofSeconds(10);

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof Host host) {
                host.getPipeline().addValve(new ProblemErrorValve());
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemErrorValve.class.getName());
                }
            }
        });
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> clientLimits(LaurelSettings settings) {
        LaurelSettings.Clients clients = settings.clients();
        return factory -> {
            // Engine valves: after RemoteIpValve (the client's address), and around Tomcat's error pages, so they
            // see the answer as sent. The request id first, so that even a refusal of too many requests carries it.
            factory.addEngineValves(new RequestIdValve(), new ClientLimitsValve(clients.connectionsMax(), clients.bodyTimeout()));
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                    // Reads of a body wait at most this long for the next bytes (Tomcat's default is its
                    // connection timeout, and a client sending a byte just within it could hold a thread for ever).
                    http.setDisableUploadTimeout(false);
                    http.setConnectionUploadTimeout((int) BODY_PAUSE_MAX.toMillis());
                }
            });
        };
    }
}
