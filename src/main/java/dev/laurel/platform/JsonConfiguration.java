package dev.laurel.platform;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

/**
 * Strict JSON binding: 100.5 is not an integer and "100" is not a number; nothing is silently rounded or guessed.
 * Nor is anything silently dropped or changed on the way in: a field given twice is refused (not "the last one
 * wins"), and so is text that could not be stored as sent ({@link StorableTextJsonFactory}).
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    static JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Bean
    static JsonMapperBuilderCustomizer noDuplicateFields() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Spring Boot's JSON factory (its customizers applied), as one whose parsers refuse text that cannot be stored. */
    @Bean
    static JsonFactory jsonFactory(ObjectProvider<JsonFactoryBuilderCustomizer> customizers) {
        JsonFactoryBuilder builder = JsonFactory.builder();
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return new StorableTextJsonFactory(builder);
    }
}
