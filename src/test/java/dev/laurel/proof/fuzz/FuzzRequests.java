package dev.laurel.proof.fuzz;

import dev.laurel.proof.fuzz.FuzzContext.Party;
import dev.laurel.proof.fuzz.OpenApiDocument.Operation;
import dev.laurel.proof.fuzz.OpenApiDocument.Parameter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the fuzzer's requests: for an operation of the served document, a request whose every part is
 * chosen by a seeded random from valid-looking values (ids that exist, the README's and seeds' example
 * bodies) and hostile ones (wrong types, huge numbers, dates PostgreSQL cannot store, NUL, lone
 * surrogates, duplicate keys, malformed and encoded escapes, a thousand and one query parameters,
 * oversized bodies), sent under every scope. Request {@code i} of seed {@code s} is always made the same
 * way, so a failure can be replayed.
 *
 * <p>Each request says what it must not get: a 2xx is a failure when it was sent without a key, with a
 * wrong one, with a partner key outside the partner endpoint, with another program's key on this
 * program's resource, or when its body or path was silently changed input (duplicate keys, a lone
 * surrogate or NUL in a text field, a non-canonical UUID for an existing member).
 */
final class FuzzRequests {

    static final List<String> API_PREFIXES = List.of("/v1/", "/api/", "/priv/", "/loyalty/");
    static final String RBI_PATH = "^/loyalty/user/[^/]+/points$";
    /** Bodies over Laurel's 8 MiB limit are this big. */
    static final int OVERSIZED_BYTES = 9 * 1024 * 1024;
    /** Shared between scopes, so that one scope's replays of another's keys happen. */
    static final int SHARED_IDEMPOTENCY_KEYS = 12;

    /** Replaced by raw bytes after encoding: bytes a JSON writer would never produce. */
    private static final String RAW_NUL = "\uE000RAWNUL\uE000";
    private static final String RAW_SURROGATE = "\uE000RAWSURROGATE\uE000";
    private static final String RAW_LATIN1 = "\uE000RAWLATIN1\uE000";

    enum Scope { NO_KEY, WRONG_KEY, ADMIN, PARTNER, ANOTHER_PROGRAM }

    record FuzzRequest(long index, String operation, Scope scope, String method, String target, List<Map.Entry<String, String>> headers,
            byte[] body, String mutation, String routedPath, List<String> mustNotSucceed, boolean oversized) {

        String describe() {
            StringBuilder s = new StringBuilder();
            s.append("#").append(index).append(" [").append(operation).append(", scope ").append(scope).append(", ").append(mutation)
                    .append("]\n  ").append(method).append(' ').append(abbreviate(target, 400));
            headers.forEach(h -> s.append("\n  ").append(h.getKey()).append(": ").append(abbreviate(h.getValue(), 200)));
            if (body != null) {
                s.append("\n  body (").append(body.length).append(" bytes): ")
                        .append(abbreviate(new String(body, StandardCharsets.UTF_8), 600));
            }
            return s.toString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FuzzContext ctx;
    private final long seed;
    private final String clockNow;
    private final List<Operation> open;

    /** {@code open}: the operations the document says need no key (a 2xx without one is right there). */
    FuzzRequests(FuzzContext ctx, long seed, Instant now, List<Operation> open) {
        this.ctx = ctx;
        this.seed = seed;
        this.clockNow = now.toString();
        this.open = open;
    }

    FuzzRequest make(long index, Operation op) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        Party target = followerOperation(op) ? ctx.follower() : ctx.master();
        if (target == ctx.master() && op.path().startsWith("/v1/members/{id}") && r.nextInt(5) == 0) {
            // A member of the follower program: adjustments there go to the point master's webhook.
            target = ctx.follower();
        }
        Scope scope = scope(r);
        Build b = new Build(index, op, scope, target);
        b.method = r.nextInt(100) < 3 ? pick(r, List.of("GET", "POST", "PUT", "PATCH", "DELETE")) : op.method();
        path(b, r);
        query(b, r);
        headers(b, r);
        body(b, r);
        return b.done();
    }

    // ---------------------------------------------------------------- scope

    private static Scope scope(SplittableRandom r) {
        int n = r.nextInt(100);
        return n < 55 ? Scope.ADMIN : n < 65 ? Scope.NO_KEY : n < 73 ? Scope.WRONG_KEY : n < 85 ? Scope.PARTNER : Scope.ANOTHER_PROGRAM;
    }

    private String key(Build b) {
        return switch (b.scope) {
            case NO_KEY -> null;
            case WRONG_KEY -> "wrong-key-" + b.index;
            case ADMIN -> b.target.adminKey();
            case PARTNER -> ctx.master().partnerKey();
            case ANOTHER_PROGRAM -> ctx.other().adminKey();
        };
    }

    private static boolean followerOperation(Operation op) {
        String p = op.path();
        return p.startsWith("/api/v2/") || p.contains("point-master-history") || p.contains("reconciliation") || p.startsWith("/v1/webhooks");
    }

    // ---------------------------------------------------------------- path

    private void path(Build b, SplittableRandom r) {
        int member = b.target.members().isEmpty() ? -1 : r.nextInt(b.target.members().size());
        StringBuilder path = new StringBuilder();
        List<String> literals = new ArrayList<>();
        for (String segment : b.op.path().substring(1).split("/", -1)) {
            path.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                path.append(parameter(b, r, segment.substring(1, segment.length() - 1), member));
            } else {
                literals.add(segment);
                path.append(segment);
            }
        }
        String p = path.toString();
        if (r.nextInt(100) < 10) {
            p = mutatePath(b, r, p, literals);
        }
        b.path = p;
    }

    /** A path parameter's value: mostly one that exists in the target program, sometimes a hostile one. */
    private String parameter(Build b, SplittableRandom r, String name, int member) {
        Party t = b.target;
        String valid = switch (name) {
            case "id" -> b.op.path().startsWith("/v1/programs/") ? t.programId()
                    : b.op.path().startsWith("/v1/webhooks/") ? any(r, t.webhookEvents())
                    : b.op.path().startsWith("/api/v2/") ? any(r, t.imports())
                    : memberId(b, r, member);
            case "entryId" -> member < 0 || t.entries().isEmpty() ? UUID.randomUUID().toString() : t.entries().get(member).toString();
            case "loyaltyUserId", "userId" -> memberId(b, r, member);
            case "campaignId" -> t.campaignId() == null ? "no-campaign" : t.campaignId();
            case "appKey" -> t.appKey() == null ? "no-app" : t.appKey();
            case "pointAccountId" -> t.pointAccountIds().isEmpty() ? UUID.randomUUID().toString() : pick(r, t.pointAccountIds());
            default -> "x";
        };
        if (r.nextInt(100) < 82) {
            if (!name.equals("campaignId") && !name.equals("appKey")) {
                b.namesTarget = true;
            }
            return valid;
        }
        int n = r.nextInt(16);
        String hostile = switch (n) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> ctx.other().members().isEmpty() ? UUID.randomUUID().toString() : ctx.other().members().get(0).toString();
            case 2 -> {
                if (t == ctx.master() && ctx.oddMember() != null) {
                    b.refuse("a non-canonical UUID (" + FuzzContext.ODD_MEMBER_TEXT + ") naming an existing member");
                }
                yield FuzzContext.ODD_MEMBER_TEXT;
            }
            case 3 -> valid.toUpperCase(Locale.ROOT);
            case 4 -> "not-a-uuid";
            case 5 -> "%00";
            case 6 -> "%zz";
            case 7 -> "%";
            case 8 -> "%2F..%2F..%2Fadmin";
            case 9 -> "a".repeat(10_000);
            case 10 -> encode("\uD83D\uDE00 ${ACME_API_KEY}");
            case 11 -> encode("' OR 1=1 --");
            case 12 -> "%e9%ff";
            case 13 -> "-1";
            case 14 -> "99999999999999999999";
            default -> {
                if (uuidParameter(b.op, name) && !valid.equals(FuzzContext.ODD_MEMBER.toString())) {
                    b.refuse("a UUID with a trailing space naming an existing resource");
                }
                yield encode(valid) + "%20";
            }
        };
        b.mutations.add("path " + name + " = " + abbreviate(hostile, 40));
        return hostile;
    }

    private static boolean uuidParameter(Operation op, String name) {
        return op.in("path").stream().anyMatch(p -> p.name().equals(name) && p.schema() != null && "uuid".equals(p.schema().path("format").asString(null)));
    }

    private String memberId(Build b, SplittableRandom r, int member) {
        if (b.target == ctx.master() && ctx.oddMember() != null && r.nextInt(20) == 0) {
            return ctx.oddMember().toString();
        }
        return member < 0 ? UUID.randomUUID().toString() : b.target.members().get(member).toString();
    }

    private static String mutatePath(Build b, SplittableRandom r, String p, List<String> literals) {
        int n = r.nextInt(9);
        b.mutations.add("path: " + List.of("a literal character percent-encoded", "a literal segment in capitals", "a trailing slash",
                "a double slash", "a ;jsessionid parameter", "a /x/.. prefix", "an encoded ../.. to /admin/clock", "/./ between segments",
                "a trailing %").get(n));
        String literal = literals.isEmpty() ? "" : pick(r, literals);
        return switch (n) {
            case 0 -> {
                // one character of a literal segment percent-encoded: /%761/admin/clock is /v1/admin/clock
                if (literal.isEmpty()) {
                    yield p;
                }
                int at = r.nextInt(literal.length());
                String encoded = literal.substring(0, at) + "%" + String.format("%02X", (int) literal.charAt(at)) + literal.substring(at + 1);
                yield p.replaceFirst("/" + java.util.regex.Pattern.quote(literal) + "(/|$)", "/" + encoded.replace("$", "\\$") + "$1");
            }
            case 1 -> p.replaceFirst("/" + java.util.regex.Pattern.quote(literal) + "(/|$)", "/" + literal.toUpperCase(Locale.ROOT) + "$1");
            case 2 -> p + "/";
            case 3 -> p.replaceFirst("/", "//");
            case 4 -> p.replaceFirst("/" + java.util.regex.Pattern.quote(literal) + "(/|$)", "/" + literal + ";jsessionid=x$1");
            case 5 -> "/v1/members/../admin/clock".equals(p) ? p : "/x/.." + p;
            case 6 -> p + "/%2e%2e/%2e%2e/admin/clock";
            case 7 -> p.replace("/", "/./");
            default -> p + "%";
        };
    }

    // ---------------------------------------------------------------- query

    private void query(Build b, SplittableRandom r) {
        List<String> pairs = new ArrayList<>();
        for (Parameter p : b.op.in("query")) {
            if (p.name().equals("caller")) {
                if (r.nextInt(100) < 5) {
                    b.mutations.add("query caller");
                    pairs.add("caller=" + encode(ctx.other().programId()));
                    pairs.add("programId=" + encode(ctx.other().programId()));
                    pairs.add("caller.programId=" + encode(ctx.other().programId()));
                }
                continue;
            }
            if (r.nextInt(100) < (p.required() ? 95 : 45)) {
                pairs.add(encode(p.name()) + "=" + queryValue(b, r, p));
            }
        }
        if (r.nextInt(100) < 8) {
            int n = r.nextInt(7);
            b.mutations.add("query: " + List.of("1,001 parameters", "x=%zz", "x=%", "x=a%00b", "x=%e9", "%zz=1", "a repeated limit").get(n));
            switch (n) {
                case 0 -> {
                    for (int i = 0; i < 1001; i++) {
                        pairs.add("p" + i + "=" + i);
                    }
                }
                case 1 -> pairs.add("x=%zz");
                case 2 -> pairs.add("x=%");
                case 3 -> pairs.add("x=a%00b");
                case 4 -> pairs.add("x=%e9");
                case 5 -> pairs.add("%zz=1");
                default -> pairs.add("limit=1&limit=2&limit=x");
            }
        }
        b.query = String.join("&", pairs);
    }

    private String queryValue(Build b, SplittableRandom r, Parameter p) {
        if (r.nextInt(100) < 20) {
            int n = r.nextInt(12);
            String hostile = switch (n) {
                case 0 -> "-1";
                case 1 -> "99999999999999999999";
                case 2 -> "abc";
                case 3 -> "%00";
                case 4 -> "a%00b";
                case 5 -> "%zz";
                case 6 -> encode("x".repeat(5000));
                case 7 -> "";
                case 8 -> encode("\uD83D\uDE00");
                case 9 -> "%ed%a0%80";
                case 10 -> "1.5";
                default -> encode("' OR 1=1 --");
            };
            b.mutations.add("query " + p.name() + " = " + abbreviate(hostile, 40));
            return hostile;
        }
        Party t = b.target;
        String value = switch (p.name()) {
            case "limit" -> Integer.toString(1 + r.nextInt(600));
            case "email" -> t.emails().isEmpty() ? "nobody@example.com" : pick(r, t.emails());
            case "externalId", "external_id" -> t.externalIds().isEmpty() ? "none" : pick(r, t.externalIds());
            case "mobileNumber", "mobile_number" -> t.mobileNumbers().isEmpty() ? "+15089959991" : pick(r, t.mobileNumbers());
            case "identifier" -> "loyalty_card:" + r.nextInt(1000);
            case "definitionId" -> Integer.toString(1 + r.nextInt(3));
            case "status" -> pick(r, List.of("QUEUED", "DELIVERED", "DEAD", "queued", "PENDING"));
            case "view" -> pick(r, List.of("purchases", "recent-engagement", "nope"));
            case "cursor" -> Base64.getUrlEncoder().encodeToString(("garbage|" + r.nextInt()).getBytes(StandardCharsets.UTF_8));
            default -> {
                String type = p.schema() == null ? "string" : p.schema().path("type").asString("string");
                yield switch (type) {
                    case "boolean" -> r.nextBoolean() ? "true" : "false";
                    case "integer" -> Integer.toString(r.nextInt(100));
                    default -> "x" + r.nextInt(100);
                };
            }
        };
        return encode(value);
    }

    // ---------------------------------------------------------------- headers

    private void headers(Build b, SplittableRandom r) {
        String key = key(b);
        if (key != null) {
            int how = r.nextInt(10);
            if (how < 7) {
                b.headers.add(Map.entry("apikey", key));
            } else if (how < 9) {
                b.headers.add(Map.entry("Authorization", "Bearer " + key));
            } else {
                b.headers.add(Map.entry("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((b.target.programId() + ":" + key).getBytes(StandardCharsets.UTF_8))));
            }
        } else if (r.nextInt(10) == 0) {
            b.headers.add(Map.entry("Authorization", pick(r, List.of("Bearer ", "Basic !!!", "Basic " + Base64.getEncoder()
                    .encodeToString("nothing".getBytes(StandardCharsets.UTF_8)), "Digest x"))));
        }
        if (!b.method.equals("GET") && r.nextInt(100) < 50) {
            int n = r.nextInt(100);
            String idempotencyKey = n < 60 ? "fuzz-shared-" + seed + "-" + r.nextInt(SHARED_IDEMPOTENCY_KEYS)
                    : n < 95 ? "fuzz-" + seed + "-" + b.index
                    : pick(r, List.of("", " ", "k".repeat(300), "caf\u00e9-" + b.index));
            b.headers.add(Map.entry("Idempotency-Key", idempotencyKey));
        }
        if (r.nextInt(100) < 3) {
            String accept = pick(r, List.of("application/xml", "text/html", "image/png", "application/problem+json"));
            b.mutations.add("accept: " + accept);
            b.headers.add(Map.entry("Accept", accept));
        }
    }

    // ---------------------------------------------------------------- body

    private void body(Build b, SplittableRandom r) {
        JsonNode example = Examples.body(b.op, ctx, b.target, r, clockNow);
        boolean bodyless = example == null && b.op.requestTypes().isEmpty();
        if (bodyless && r.nextInt(100) >= 3) {
            return;
        }
        String contentType = b.op.requestTypes().isEmpty() ? "application/json"
                : b.op.requestTypes().contains("application/json") ? "application/json" : b.op.requestTypes().get(0);
        if (b.op.method().equals("PATCH") && r.nextBoolean()) {
            contentType = "application/merge-patch+json";
        }
        String text = example == null ? "{}" : example.toString();
        if (r.nextInt(100) < 35) {
            if (r.nextInt(100) < 70 && example != null) {
                text = mutateField(b, r, example);
            } else {
                String[] whole = mutateWhole(b, r, text, contentType);
                text = whole[0];
                contentType = whole[1];
            }
        }
        if (r.nextInt(100) < 4) {
            contentType = pick(r, List.of("text/plain", "application/x-www-form-urlencoded", "application/xml",
                    "multipart/form-data; boundary=zz", "application/json; charset=utf-16", "application/json; charset=ISO-8859-1",
                    "garbage", ""));
            b.mutations.add("content type: " + (contentType.isEmpty() ? "none" : contentType));
        }
        if (!contentType.isEmpty()) {
            b.headers.add(Map.entry("Content-Type", contentType));
        }
        b.body = bytes(text);
    }

    /** One field of the body (of its first item, for an array) changed, removed, added or given twice. */
    private String mutateField(Build b, SplittableRandom r, JsonNode example) {
        ObjectNode object;
        int index = -1;
        if (example.isArray()) {
            if (example.isEmpty()) {
                return example.toString();
            }
            index = r.nextInt(example.size());
            object = (ObjectNode) example.get(index);
        } else if (example.isObject()) {
            object = (ObjectNode) example;
        } else {
            return example.toString();
        }
        List<String[]> pairs = new ArrayList<>();
        object.properties().forEach(e -> pairs.add(new String[] {e.getKey(), e.getValue().toString()}));
        if (pairs.isEmpty()) {
            pairs.add(new String[] {"extra", "1"});
        }
        int field = r.nextInt(pairs.size());
        String name = pairs.get(field)[0];
        JsonNode original = object.get(name);
        boolean uuidField = name.equals("memberId") || name.equals("contactId") || name.equals("entryId");
        int kind = r.nextInt(100);
        if (kind < 8) {
            b.mutations.add("body: " + name + " removed");
            pairs.remove(field);
        } else if (kind < 14) {
            b.mutations.add("body: extra field");
            pairs.add(new String[] {pick(r, List.of("zzz", "programId", "caller", "id", "__proto__")), pick(r, List.of("1", "\"x\"", "{}"))});
        } else if (kind < 24) {
            String other = original != null && original.isNumber() ? "1000" : original != null && original.isString() ? "\"other\"" : "null";
            b.mutations.add("body: " + name + " twice");
            b.refuseBody("a duplicate key in the body (" + name + ")");
            pairs.add(new String[] {name, other});
        } else {
            String[] hostile = hostileValue(r, name, original);
            b.mutations.add("body: " + name + " = " + abbreviate(hostile[0], 60));
            pairs.get(field)[1] = hostile[0];
            // A balance import takes any contact at the door and reports the ones that name no member, item by item.
            boolean reportedLater = b.op.path().endsWith("/balances") && uuidField;
            if (hostile[1] != null && !(reportedLater && !hostile[1].contains("NUL") && !hostile[1].contains("surrogate"))) {
                b.refuseBody(hostile[1] + " (" + name + ")");
            }
        }
        StringBuilder rendered = new StringBuilder("{");
        for (int i = 0; i < pairs.size(); i++) {
            rendered.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(pairs.get(i)[0])).append(':').append(pairs.get(i)[1]);
        }
        rendered.append('}');
        if (index < 0) {
            return rendered.toString();
        }
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < example.size(); i++) {
            array.append(i == 0 ? "" : ",").append(i == index ? rendered : example.get(i).toString());
        }
        return array.append(']').toString();
    }

    /**
     * A hostile JSON value for a field: its raw text, and, when the API must refuse it rather than store
     * something else, why (else null).
     */
    private String[] hostileValue(SplittableRandom r, String name, JsonNode original) {
        boolean text = original != null && original.isString();
        boolean uuidField = name.equals("memberId") || name.equals("contactId") || name.equals("entryId");
        int n = r.nextInt(uuidField ? 40 : 34);
        return switch (n) {
            case 0 -> new String[] {"null", null};
            case 1 -> new String[] {"true", null};
            case 2 -> new String[] {"\"x\"", null};
            case 3 -> new String[] {"123", null};
            case 4 -> new String[] {"{}", null};
            case 5 -> new String[] {"[]", null};
            case 6 -> new String[] {"1.5", null};
            case 7 -> new String[] {"-1", null};
            case 8 -> new String[] {"9223372036854775807", null};
            case 9 -> new String[] {"-9223372036854775808", null};
            case 10 -> new String[] {"99999999999999999999999999", null};
            case 11 -> new String[] {"1e400", null};
            case 12 -> new String[] {"\"9999999999999999999.99\"", null};
            case 13 -> new String[] {"0", null};
            case 14 -> new String[] {"\"a\\u0000b\"", text ? "a NUL character in a text field" : null};
            case 15 -> new String[] {"\"" + RAW_NUL + "\"", null};
            case 16 -> new String[] {"\"x\\ud800\"", text ? "a lone surrogate in a text field" : null};
            case 17 -> new String[] {"\"\\udc00\"", text ? "a lone surrogate in a text field" : null};
            case 18 -> new String[] {"\"" + RAW_SURROGATE + "\"", null};
            case 19 -> new String[] {"\"" + RAW_LATIN1 + "\"", null};
            case 20 -> new String[] {"\"" + "x".repeat(100_000) + "\"", null};
            case 21 -> new String[] {"\"\"", null};
            case 22 -> new String[] {"\"\\ud83d\\ude00 ${ACME_API_KEY}\"", null};
            case 23 -> new String[] {"\"+300000-01-01T00:00:00Z\"", null};
            case 24 -> new String[] {"\"-5000-01-01T00:00:00Z\"", null};
            case 25 -> new String[] {"\"-5000-01-01\"", null};
            case 26 -> new String[] {"\"0000-01-01T00:00:00Z\"", null};
            case 27 -> new String[] {"\"9999-12-31T23:59:59.999999999Z\"", null};
            case 28 -> new String[] {"\"+10000-01-01T00:00:00Z\"", null};
            case 29 -> new String[] {"\"2024-02-30T00:00:00Z\"", null};
            case 30 -> new String[] {"\"2024-01-01T00:00:00+25:00\"", null};
            case 31 -> new String[] {"\"1970-01-01T00:00:00Z\"", null};
            case 32 -> new String[] {"1000000000001", null};
            case 33 -> new String[] {"\"' OR 1=1 --\"", null};
            case 34 -> new String[] {"\"" + FuzzContext.ODD_MEMBER_TEXT + "\"",
                    ctx.oddMember() != null ? "a non-canonical UUID naming an existing member" : null};
            case 35 -> new String[] {"\"00000000-0000-0000-0000-000000000000\"", null};
            case 36 -> new String[] {ctx.other().members().isEmpty() ? "\"x\"" : "\"" + ctx.other().members().get(0) + "\"",
                    ctx.other().members().isEmpty() ? null : "another program's member named in the body"};
            case 37 -> new String[] {original == null ? "\"x\"" : original.toString().toUpperCase(Locale.ROOT), null};
            case 38 -> new String[] {"\"{" + UUID.randomUUID() + "}\"", null};
            default -> new String[] {"\"" + UUID.randomUUID() + "x\"", null};
        };
    }

    /** The whole body replaced: [text, content type]. */
    private static String[] mutateWhole(Build b, SplittableRandom r, String text, String contentType) {
        int n = r.nextInt(b.op.path().startsWith("/api/v2/") ? 16 : 14);
        b.mutations.add("whole body: " + List.of("empty", "null", "[]", "{}", "a JSON string", "truncated", "trailing garbage",
                "5,000 nested arrays", "a byte-order mark first", "a form body with bad escapes", "XML", "array and object swapped",
                "a huge number or 9 MiB", "duplicate keys", "1,001 items", "10,001 items").get(n));
        return switch (n) {
            case 0 -> new String[] {"", contentType};
            case 1 -> new String[] {"null", contentType};
            case 2 -> new String[] {"[]", contentType};
            case 3 -> new String[] {"{}", contentType};
            case 4 -> new String[] {"\"text\"", contentType};
            case 5 -> new String[] {text.substring(0, r.nextInt(Math.max(1, text.length()))), contentType};
            case 6 -> new String[] {text + " } trailing", contentType};
            case 7 -> new String[] {"[".repeat(5000) + "]".repeat(5000), contentType};
            case 8 -> new String[] {"\uFEFF" + text, contentType};
            case 9 -> new String[] {"a=%zz&b=%&c=%e9", "application/x-www-form-urlencoded"};
            case 10 -> new String[] {"<a>1</a>", "application/xml"};
            case 11 -> new String[] {text.startsWith("[") ? text.substring(1, Math.max(1, text.length() - 1)) : "[" + text + "]", contentType};
            case 12 -> {
                if (r.nextInt(40) == 0) {
                    b.oversized = true;
                    yield new String[] {"[\"" + "x".repeat(OVERSIZED_BYTES) + "\"]", contentType};
                }
                yield new String[] {"{\"a\":" + "1".repeat(5000) + "}", contentType};
            }
            case 13 -> new String[] {"{\"a\": 1, \"a\": 2, \"b\": {\"c\": [1, 2, {\"d\": null}]}}", contentType};
            case 14 -> new String[] {items(text, 1001), contentType};
            default -> new String[] {items(text, 10_001), contentType};
        };
    }

    /** The body's first item repeated {@code count} times (an Engage sync array over its limit). */
    private static String items(String text, int count) {
        JsonNode parsed = JSON.readTree(text);
        if (!parsed.isArray() || parsed.isEmpty()) {
            return text;
        }
        String item = parsed.get(0).toString();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ",").append(item);
        }
        return s.append(']').toString();
    }

    private static byte[] bytes(String text) {
        if (!text.contains("\uE000")) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        while (true) {
            int at = text.indexOf('\uE000', from);
            if (at < 0) {
                out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
                return out.toByteArray();
            }
            out.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
            if (text.startsWith(RAW_NUL, at)) {
                out.write(0);
                from = at + RAW_NUL.length();
            } else if (text.startsWith(RAW_SURROGATE, at)) {
                out.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
                from = at + RAW_SURROGATE.length();
            } else if (text.startsWith(RAW_LATIN1, at)) {
                out.writeBytes(new byte[] {(byte) 0xE9, 'x', (byte) 0xFF});
                from = at + RAW_LATIN1.length();
            } else {
                out.writeBytes("\uE000".getBytes(StandardCharsets.UTF_8));
                from = at + 1;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Percent-encodes everything but RFC 3986's unreserved characters, as UTF-8. */
    static String encode(String value) {
        StringBuilder s = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                s.append(c);
            } else {
                s.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return s.toString();
    }

    /**
     * The path as a server routes it: escapes decoded (null when one is malformed: such a request has no
     * route), {@code ;parameters} dropped, {@code .} and {@code ..} resolved, repeated slashes collapsed.
     */
    static String routed(String rawPath) {
        StringBuilder decoded = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0 || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                    return null;
                }
                bytes.write(Integer.parseInt(rawPath.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                if (bytes.size() > 0) {
                    decoded.append(bytes.toString(StandardCharsets.UTF_8));
                    bytes.reset();
                }
                decoded.append(c);
            }
        }
        decoded.append(bytes.toString(StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>();
        for (String segment : decoded.toString().split("/")) {
            int semicolon = segment.indexOf(';');
            String s = semicolon < 0 ? segment : segment.substring(0, semicolon);
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(s);
        }
        return "/" + String.join("/", out) + (decoded.toString().endsWith("/") && !out.isEmpty() ? "/" : "");
    }

    static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static String any(SplittableRandom r, List<UUID> ids) {
        return ids.isEmpty() ? UUID.randomUUID().toString() : pick(r, ids).toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + s.length() + " chars)";
    }

    /** A request being made. */
    private final class Build {
        final long index;
        final Operation op;
        final Scope scope;
        final Party target;
        final List<String> mutations = new ArrayList<>();
        final Set<String> mustNotSucceed = new LinkedHashSet<>();
        final Set<String> bodyRefusals = new LinkedHashSet<>();
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        String method;
        String path;
        String query = "";
        byte[] body;
        boolean namesTarget;
        boolean oversized;

        Build(long index, Operation op, Scope scope, Party target) {
            this.index = index;
            this.op = op;
            this.scope = scope;
            this.target = target;
        }

        void refuse(String why) {
            mustNotSucceed.add(why);
        }

        /** A refusal the body calls for, owed only when the request's method is the operation's (another method need not read it). */
        void refuseBody(String why) {
            bodyRefusals.add(why);
        }

        FuzzRequest done() {
            String routed = routed(path);
            boolean api = routed == null || API_PREFIXES.stream().anyMatch(routed::startsWith)
                    && open.stream().noneMatch(o -> o.matches(method, routed));
            if (routed == null) {
                refuse("a malformed % escape in the path");
            }
            if (api && (scope == Scope.NO_KEY || scope == Scope.WRONG_KEY)) {
                refuse(scope == Scope.NO_KEY ? "no API key" : "a wrong API key");
            }
            if (api && scope == Scope.PARTNER && !(method.equals("POST") && routed != null && routed.matches(RBI_PATH))) {
                refuse("a partner key outside the partner endpoint");
            }
            if (api && scope == Scope.ANOTHER_PROGRAM && namesTarget) {
                refuse("another program's key on this program's resource");
            }
            if (method.equals(op.method())) {
                bodyRefusals.forEach(this::refuse);
            }
            String target = query.isEmpty() ? path : path + "?" + query;
            return new FuzzRequest(index, op.key(), scope, method, target, List.copyOf(headers), body,
                    mutations.isEmpty() ? "valid-looking" : String.join(" + ", mutations), routed, List.copyOf(mustNotSucceed), oversized);
        }
    }

}
