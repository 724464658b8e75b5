package dev.laurel.proof.fuzz;

import dev.laurel.proof.fuzz.FuzzContext.Party;
import dev.laurel.proof.fuzz.OpenApiDocument.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request bodies the served document cannot tell: its schemas type them, but a body that gets past
 * validation needs ids that exist in the target program. One valid body per operation, after the README's
 * and the seeds' examples, filled with such ids. The fuzzer starts from these and breaks them.
 */
final class Examples {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Examples() {}

    /** A valid body for the operation, or null when it takes none. */
    static JsonNode body(Operation op, FuzzContext ctx, Party target, SplittableRandom r, String now) {
        String member = target.members().isEmpty() ? UUID.randomUUID().toString() : FuzzRequests.pick(r, target.members()).toString();
        String tag = Long.toHexString(r.nextLong());
        boolean follower = target == ctx.follower();
        return switch (op.method() + " " + op.path()) {
            case "POST /v1/members" -> {
                ObjectNode m = object().put("externalId", "fz-" + tag).put("email", "fz-" + tag + "@example.com").put("firstName", "Zed")
                        .put("optedIn", r.nextBoolean());
                if (r.nextBoolean()) {
                    m.put("mobileNumber", "+1 (508) 995-" + (1000 + r.nextInt(9000))).put("dob", "1990-01-0" + (1 + r.nextInt(9)))
                            .put("city", "Boston").putObject("attributes").put("favourite", "tea");
                }
                m.putArray("identifiers").addObject().put("type", "loyalty_card").put("value", tag);
                yield m;
            }
            case "PATCH /v1/members/{id}" -> {
                ObjectNode patch = object().put("firstName", "Zed " + tag).put("lastName", "Patched");
                patch.putObject("attributes").put("favourite", "coffee");
                patch.putNull("city");
                yield patch;
            }
            case "POST /v1/members/{id}/adjustments" -> {
                ObjectNode a = object().put("definitionId", 1 + r.nextInt(2)).put("amount", r.nextInt(4) == 0 ? -(1 + r.nextInt(20)) : 1 + r.nextInt(200))
                        .put("description", follower ? "Goodwill, to the point master" : "Goodwill");
                if (r.nextBoolean()) {
                    a.put("source", "Manual").put("userId", "u-" + r.nextInt(100)).put("userName", "Maria Operator");
                } else {
                    a.put("source", "Automation").put("reason", "Birthday").put("processId", "p-1").put("workflowId", "w-1")
                            .put("workflowName", "Birthday bonus");
                }
                yield a;
            }
            case "POST /v1/members/{id}/reversals" -> {
                ObjectNode a = object().put("entryId", target.entries().isEmpty() ? UUID.randomUUID().toString()
                        : FuzzRequests.pick(r, target.entries()).toString());
                if (r.nextBoolean()) {
                    a.put("amount", 1 + r.nextInt(3));
                }
                yield a.put("description", "Taken back");
            }
            case "POST /v1/members/{id}/events" -> {
                ObjectNode e = object().put("type", FuzzRequests.pick(r, List.of("opened_email", "purchased", "clicked", "store_visit")))
                        .put("occurredAt", Instant.parse(now).minus(Duration.ofMinutes(r.nextInt(10_000))).toString());
                e.putObject("attributes").put("campaign", "spring").put("amount", 12.5);
                if (r.nextBoolean()) {
                    e.put("eventId", "ev-" + r.nextInt(50));
                }
                yield e;
            }
            case "POST /v1/purchases" -> object().put("memberId", member).put("orderId", "fz-" + tag)
                    .put("amount", (1 + r.nextInt(500)) + "." + (10 + r.nextInt(90))).put("currency", FuzzRequests.pick(r, List.of("USD", "SEK")))
                    .put("occurredAt", now);
            case "POST /v1/returns" -> {
                String order = target.orders().isEmpty() ? member + "|none" : FuzzRequests.pick(r, target.orders());
                yield object().put("memberId", order.substring(0, order.indexOf('|'))).put("orderId", order.substring(order.indexOf('|') + 1))
                        .put("amount", "1.00");
            }
            case "POST /loyalty/user/{loyaltyUserId}/points" -> object().put("partner", FuzzRequests.pick(r, List.of("Partner", "Brame")))
                    .put("points", r.nextInt(5) == 0 ? -(1 + r.nextInt(10)) : 1 + r.nextInt(100))
                    .put("reference", "Gamification Campaign Prize #" + r.nextInt(10));
            case "POST /api/v2/point-accounts/transactions" -> {
                ArrayNode items = JSON.createArrayNode();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    ObjectNode item = items.addObject().put("contactId", pickMember(r, target, member)).put("amount", 1 + r.nextInt(50))
                            .put("definitionId", 1).put("timeStamp", now).put("source", "Purchase").put("description", "Gilded gauntlets");
                    if (r.nextBoolean()) {
                        item.put("validFrom", Instant.parse(now).plus(Duration.ofDays(15)).toString())
                                .put("validTo", Instant.parse(now).plus(Duration.ofDays(380)).toString());
                    }
                }
                yield items;
            }
            case "POST /api/v2/point-accounts/balances" -> {
                ArrayNode items = JSON.createArrayNode();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    items.addObject().put("contactId", pickMember(r, target, member)).put("amount", r.nextInt(1000)).put("definitionId", 2)
                            .put("timeStamp", now);
                }
                yield items;
            }
            case "PUT /v1/admin/clock" -> object().put("now", Instant.parse(now).plus(Duration.ofHours(r.nextInt(48) - 24)).toString())
                    .put("frozen", r.nextBoolean());
            case "PUT /v1/programs/{id}" -> target.document() == null ? object() : JSON.readTree(target.document());
            default -> null;
        };
    }

    private static String pickMember(SplittableRandom r, Party target, String fallback) {
        return target.members().isEmpty() ? fallback : FuzzRequests.pick(r, target.members()).toString();
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
