package dev.laurel.platform;

import java.time.temporal.Temporal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Strict JSON binding: 100.5 is not an integer and "100" is not a number; nothing is silently rounded or guessed.
 * A date or time bound to a Java type ({@code Instant}, {@code OffsetDateTime}, {@code LocalDate}...) must be in
 * {@link Dates}' range, as one read by {@link JsonFields} must. Nor is anything silently dropped or changed on the
 * way in: a field given twice is refused (not "the last one wins"), and so is text that could not be stored as sent
 * ({@link StorableTextJsonFactory}).
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
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .addModule(new SimpleModule("laurel-date-range").setDeserializerModifier(new DateRange()));
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

    /** Wraps the deserializer of every date and time type in {@link InRange}. */
    static final class DateRange extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                ValueDeserializer<?> deserializer) {
            return Temporal.class.isAssignableFrom(description.getBeanClass()) ? new InRange(deserializer) : deserializer;
        }
    }

    /** A date or time outside {@link Dates}' range is an {@link InvalidFormatException} on its field (a 400 naming it). */
    static final class InRange extends DelegatingDeserializer {

        InRange(ValueDeserializer<?> delegatee) {
            super(delegatee);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
            return new InRange(delegatee);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            Object value = super.deserialize(parser, context);
            if (value instanceof Temporal temporal && !Dates.accepted(temporal)) {
                throw InvalidFormatException.from(parser, Dates.outOfRange(temporal), value, handledType());
            }
            return value;
        }
    }
}
