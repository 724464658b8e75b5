package dev.laurel.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import dev.laurel.programs.Caller;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}, shown by Swagger UI at {@code /swagger-ui.html}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The caller is resolved from the API key (CallerResolver), never sent: it is no parameter of any operation.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI laurelOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Laurel API").version("v1")
                        .description("""
                                Laurel, a self-hosted loyalty points engine. Every call needs a program's API key, sent as \
                                `apikey: <key>` or `Authorization: Bearer <key>` (SessionM paths also take `Authorization: Basic` \
                                with the key as password). Errors are RFC 9457 `application/problem+json` with a stable `code`. \
                                With `./mvnw spring-boot:run` the development key `dev-acme-admin-key` opens the sample ACME program.""")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("apikey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("apikey"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apikey"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
