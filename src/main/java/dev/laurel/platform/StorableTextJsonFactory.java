package dev.laurel.platform;

import java.io.DataInput;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;

/**
 * The JSON factory of every request body Laurel reads, typed records and {@code JsonNode} trees alike: each
 * string and property name its parsers meet must be {@link StorableText}, or the read stops with a 400
 * {@link InvalidInput} naming the field ({@code identifiers[0].value}). Checked in the parser, it holds for
 * every reader, whatever it binds to.
 */
public final class StorableTextJsonFactory extends JsonFactory {

    private static final long serialVersionUID = 1L;

    public StorableTextJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    private StorableTextJsonFactory(StorableTextJsonFactory source) {
        super(source);
    }

    @Override
    public JsonFactory copy() {
        return new StorableTextJsonFactory(this);
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext context, IOContext io, InputStream in) throws JacksonException {
        return new Checked(super._createParser(context, io, in));
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext context, IOContext io, Reader r) throws JacksonException {
        return new Checked(super._createParser(context, io, r));
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext context, IOContext io, char[] data, int offset, int len,
            boolean recyclable) throws JacksonException {
        return new Checked(super._createParser(context, io, data, offset, len, recyclable));
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext context, IOContext io, byte[] data, int offset, int len)
            throws JacksonException {
        return new Checked(super._createParser(context, io, data, offset, len));
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext context, IOContext io, DataInput input) throws JacksonException {
        return new Checked(super._createParser(context, io, input));
    }

    /** A parser that checks each property name and string value as it moves onto it. */
    private static final class Checked extends JsonParserDelegate {

        Checked(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() {
            JsonToken token = delegate.nextToken();
            check(token);
            return token;
        }

        @Override
        public JsonToken nextValue() {
            JsonToken token = delegate.nextValue();
            check(token);
            return token;
        }

        @Override
        public String nextName() {
            String name = delegate.nextName();
            check(delegate.currentToken());
            return name;
        }

        @Override
        public boolean nextName(SerializableString expected) {
            boolean matched = delegate.nextName(expected);
            check(delegate.currentToken());
            return matched;
        }

        @Override
        public int nextNameMatch(PropertyNameMatcher matcher) {
            int match = delegate.nextNameMatch(matcher);
            check(delegate.currentToken());
            return match;
        }

        private void check(JsonToken token) {
            if (token == JsonToken.PROPERTY_NAME) {
                String name = delegate.currentName();
                Optional<String> problem = StorableText.problem(name);
                if (problem.isPresent()) {
                    throw new InvalidInput(path(delegate.streamReadContext().getParent(), StorableText.printable(name)),
                            "the field's name " + problem.get());
                }
            } else if (token == JsonToken.VALUE_STRING) {
                Optional<String> problem = StorableText.problem(delegate.getString());
                if (problem.isPresent()) {
                    throw new InvalidInput(path(delegate.streamReadContext(), null), problem.get());
                }
            }
        }

        /** The field's path as Laurel's errors write it: {@code identifiers[0].value}, {@code [3].amount}. */
        private static String path(TokenStreamContext context, String last) {
            Deque<String> parts = new ArrayDeque<>();
            if (last != null) {
                parts.push("." + last);
            }
            for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.push("[" + c.getCurrentIndex() + "]");
                } else if (c.inObject() && c.currentName() != null) {
                    parts.push("." + StorableText.printable(c.currentName()));
                }
            }
            String path = String.join("", parts);
            return path.isEmpty() ? "(body)" : path.startsWith(".") ? path.substring(1) : path;
        }
    }
}
