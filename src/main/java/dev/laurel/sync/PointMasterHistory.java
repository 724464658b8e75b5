package dev.laurel.sync;

import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.LaurelSettings;
import dev.laurel.platform.OutboundHttp;
import dev.laurel.platform.OutboundRefused;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The point master's points log for a member: fetched from {@code pointMaster.historyUrl} with the
 * contact id, within {@code LAUREL_POINT_MASTER_TIMEOUT} (3 s unless set), checked against the Engage
 * document's shape. Laurel does not keep it: the point master owns it.
 */
@Service
public class PointMasterHistory {

    public static final int ITEMS_MAX = 10_000;

    private final Programs programs;
    private final Members members;
    private final OutboundHttp http;
    private final JsonMapper json;
    private final Duration timeout;

    PointMasterHistory(Programs programs, Members members, OutboundHttp http, JsonMapper json, LaurelSettings settings) {
        this.programs = programs;
        this.members = members;
        this.http = http;
        this.json = json;
        this.timeout = settings.pointMaster().historyTimeout();
    }

    public List<HistoryItem> fetch(String programId, UUID memberId) {
        members.get(programId, MemberId.of(memberId));
        Program program = programs.get(programId);
        if (program.pointMaster() == null) {
            throw new InvalidInput("pointMaster", "this program has no point master (pointMaster.historyUrl)");
        }
        URI uri = URI.create(program.pointMaster().historyUrl().replace("{contactId}",
                URLEncoder.encode(memberId.toString(), StandardCharsets.UTF_8)));
        OutboundHttp.Answer answer;
        try {
            answer = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(), timeout);
        } catch (OutboundRefused e) {
            throw new PointMasterUnavailable("point-master-refused", "The point master's history URL may not be called: " + e.getMessage());
        } catch (TimeoutException e) {
            throw new PointMasterUnavailable("point-master-timeout", "The point master did not answer within " + timeout.toMillis() + " ms.");
        } catch (IOException e) {
            throw new PointMasterUnavailable("point-master-unavailable", "The point master could not be reached: " + e.getMessage());
        }
        if (answer.status() < 200 || answer.status() >= 300) {
            throw new PointMasterUnavailable("point-master-error", "The point master answered HTTP " + answer.status() + ".");
        }
        return parse(answer.body());
    }

    /** The Engage document's shape: an array of {transactionDate, amount, description}; [] when there is nothing. */
    List<HistoryItem> parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw invalid("it is not JSON");
        }
        if (root == null || !root.isArray()) {
            throw invalid("it is not a JSON array");
        }
        if (root.size() > ITEMS_MAX) {
            throw invalid("it has more than " + ITEMS_MAX + " items");
        }
        List<HistoryItem> items = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            JsonNode date = item.get("transactionDate");
            JsonNode amount = item.get("amount");
            JsonNode description = item.get("description");
            if (!item.isObject() || date == null || !date.isString() || amount == null || !amount.isIntegralNumber()
                    || !amount.canConvertToLong() || (description != null && !description.isNull() && !description.isString())) {
                throw invalid("item " + i + " is not {transactionDate, amount (integer), description}");
            }
            try {
                items.add(new HistoryItem(Instant.parse(date.stringValue()), amount.longValue(),
                        description == null || description.isNull() ? null : description.stringValue()));
            } catch (DateTimeParseException e) {
                throw invalid("item " + i + " has a transactionDate that is not a date-time such as 2023-05-08T12:06:58Z");
            }
        }
        return items;
    }

    private static PointMasterUnavailable invalid(String why) {
        return new PointMasterUnavailable("point-master-invalid-response", "The point master's history answer is not usable: " + why + ".");
    }
}
