package dev.laurel.api;

import dev.laurel.programs.Caller;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at {@code /v3/api-docs}, shown by Swagger UI at {@code /swagger-ui.html}, from which a client is
 * generated (README "Generate a client"). Every operation carries the credentials it takes and the problems it may
 * answer: those every endpoint may give are added here, an endpoint's own come from its {@link Refuses}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String APIKEY = "apikey";
    static final String BEARER = "bearer";
    static final String BASIC = "basic";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The one write that does not read {@code Idempotency-Key} (BodyLimitFilter.isImport): an import is idempotent by content. */
    private static final String IMPORTS = "/v1/imports";

    static {
        // The caller is resolved from the API key (CallerResolver), never sent: it is no parameter of any operation.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI laurelOpenApi() {
        Components components = new Components()
                .addSecuritySchemes(APIKEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("apikey")
                        .description("A program's API key"))
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A program's API key as the bearer token"))
                .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("SessionM's `/priv/` paths: any user name, a program's API key as the password"));
        for (Class<?> shape : List.of(ProblemDocument.class, SessionmErrorDocument.class)) {
            @SuppressWarnings("rawtypes")
            Map<String, Schema> schemas = ModelConverters.getInstance(true).readAll(new AnnotatedType(shape));
            schemas.forEach(components::addSchemas);
        }
        return new OpenAPI()
                .info(new Info().title("Laurel API").version("v1")
                        .description("""
                                Laurel, a self-hosted loyalty points engine. Every call but `GET /v1/programs/schema` needs a \
                                program's API key, sent as `apikey: <key>` or `Authorization: Bearer <key>` (SessionM's `/priv/` \
                                paths also take `Authorization: Basic` with the key as password). Errors are RFC 9457 \
                                `application/problem+json` with a stable `code` (SessionM's paths answer them in SessionM's shape). \
                                With `./mvnw spring-boot:run` the development key `dev-acme-admin-key` opens the sample ACME program.""")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .addServersItem(new Server().url("http://localhost:8080").description("Laurel started with ./mvnw spring-boot:run"))
                .components(components);
    }

    /** Credentials, and the problems every endpoint may answer plus the endpoint's own ({@link Refuses}). */
    @Bean
    OperationCustomizer laurelOperations() {
        return (operation, handler) -> {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
            String path = mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
            boolean open = handler.hasMethodAnnotation(OpenAccess.class);
            boolean sessionm = path.startsWith(SessionmErrors.PREFIX);
            operation.setSecurity(security(open, sessionm));
            refusals(operation, handler, path, open, sessionm);
            return operation;
        };
    }

    private static List<SecurityRequirement> security(boolean open, boolean sessionm) {
        List<SecurityRequirement> security = new ArrayList<>();
        if (open) {
            return security;
        }
        if (sessionm) {
            security.add(new SecurityRequirement().addList(BASIC));
        }
        security.add(new SecurityRequirement().addList(APIKEY));
        security.add(new SecurityRequirement().addList(BEARER));
        return security;
    }

    private static void refusals(Operation operation, HandlerMethod handler, String path, boolean open, boolean sessionm) {
        Map<Integer, List<String>> codes = new TreeMap<>();
        boolean body = operation.getRequestBody() != null;
        String method = method(handler);
        add(codes, 400, "invalid-input", "invalid-parameters", "invalid-path");
        if (body) {
            add(codes, 400, "malformed-json", "malformed-body");
            add(codes, 413, "body-too-large");
            add(codes, 415, "unsupported-media-type");
        }
        if (!open) {
            add(codes, 401, "missing-api-key", "invalid-api-key");
            add(codes, 403, "insufficient-scope");
        }
        if (WRITES.contains(method) && !path.equals(IMPORTS)) {
            add(codes, 400, "invalid-idempotency-key");
            add(codes, 422, "idempotency-key-reused");
        }
        add(codes, 429, "rate-limited", "too-many-requests");
        add(codes, 503, "database-unavailable");
        Refuses refuses = handler.getMethodAnnotation(Refuses.class);
        if (refuses != null) {
            for (String line : refuses.value()) {
                String[] words = line.trim().split("\\s+");
                add(codes, Integer.parseInt(words[0]), Arrays.copyOfRange(words, 1, words.length));
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<String, ApiResponse> sorted = new TreeMap<>();
        responses.forEach((status, response) -> {
            if (!status.startsWith("4") && !status.startsWith("5")) {
                sorted.put(status, response);
            }
        });
        Schema<?> shape = new Schema<>().$ref("#/components/schemas/" + (sessionm ? "SessionmError" : "Problem"));
        codes.forEach((status, list) -> sorted.put(String.valueOf(status), new ApiResponse()
                .description(String.join(", ", list.stream().map(c -> "`" + (sessionm ? c.replace('-', '_') : c) + "`").toList()))
                .content(new Content().addMediaType(sessionm ? JSON : PROBLEM_JSON,
                        new MediaType().schema(shape)))));
        ApiResponses result = new ApiResponses();
        sorted.forEach(result::addApiResponse);
        operation.setResponses(result);
    }

    private static String method(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping == null || mapping.method().length == 0 ? "GET" : mapping.method()[0].name();
    }

    private static void add(Map<Integer, List<String>> codes, int status, String... add) {
        List<String> list = codes.computeIfAbsent(status, s -> new ArrayList<>());
        for (String code : add) {
            if (!list.contains(code)) {
                list.add(code);
            }
        }
    }
}
