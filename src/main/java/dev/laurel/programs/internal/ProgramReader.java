package dev.laurel.programs.internal;

import dev.laurel.programs.Program;
import dev.laurel.programs.Program.AvailablePoints;
import dev.laurel.programs.Program.Campaign;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.SessionM;
import dev.laurel.programs.Program.TierSystem;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a program document the schema has checked into a {@link Program}: the top-level fields
 * here, each section by its own reader, which checks only what spans fields (ids unique, references
 * resolve, thresholds rise...). A new section is a new part of {@code program.schema.json}, a new
 * reader called from {@link #read}, and its field in {@link Program}.
 */
final class ProgramReader {

    private static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    private ProgramReader() {}

    /** The program, or {@code null} when {@code errors} has any (this reader's or an earlier stage's). */
    static Program read(ObjectNode document, DocumentErrors errors) {
        Fields program = Fields.root(document, errors);
        ZoneId zone = zone(program);
        List<Program.ApiKeySpec> keys = ApiKeysReader.read(program);
        List<PointDefinition> definitions = PointDefinitionsReader.read(program);
        Program.Earning earning = EarningReader.read(program.object("earning"), definitions);
        TierSystem tiers = TierSystemReader.read(program.object("tierSystem"), definitions);
        List<String> partners = program.texts("partners");
        Integer partnerDefinition = partnerDefinition(program, definitions, partners);
        List<Campaign> campaigns = CampaignsReader.read(program, definitions, tiers);
        Program.PointMaster master = PointMasterReader.read(program.object("pointMaster"));
        List<Program.TimelineView> views = TimelineViewsReader.read(program);
        List<Program.Operator> operators = OperatorsReader.read(program);
        List<Program.CatalogueReward> rewards = RewardsReader.read(program, definitions, tiers);
        Program.CashOut cashOut = CashOutReader.read(program.object("cashOut"), definitions);
        Program.Webhooks webhooks = WebhooksReader.read(program.object("webhooks"));
        if (!errors.ok()) {
            return null;
        }
        AvailablePoints available = Optional.ofNullable(program.enumValue("availablePoints", AvailablePoints.class))
                .orElse(AvailablePoints.SPENDABLE);
        Locale locale = Locale.forLanguageTag(Optional.ofNullable(program.text("locale")).orElse("en"));
        return new Program(program.text("id"), program.text("name"), zone, locale, keys, sessionm(program.object("sessionm")),
                available, earning, definitions, tiers, partners, partnerDefinition,
                campaigns, master, views, operators, rewards, cashOut, webhooks, program.text("cardIdentifier"));
    }

    private static ZoneId zone(Fields program) {
        String text = program.text("timezone");
        if (text == null) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            program.error("timezone", "must be a time zone such as America/New_York (was '" + text + "')");
            return null;
        }
    }

    private static SessionM sessionm(Fields sessionm) {
        return sessionm == null ? null : new SessionM(sessionm.text("appKey"), sessionm.uuid("retailerId"));
    }


    /** Partner points go to a SPENDABLE definition Laurel masters: the one named, or the first. */
    private static Integer partnerDefinition(Fields program, List<PointDefinition> definitions, List<String> partners) {
        Integer named = program.integer("partnerPointDefinition");
        if (named != null) {
            Optional<PointDefinition> definition = definitions.stream().filter(d -> d.id() == named).findFirst();
            if (definition.isEmpty()) {
                program.error("partnerPointDefinition", "names no point definition of this program (was " + named + ")");
            } else if (!definition.get().master() || definition.get().purpose() != Purpose.SPENDABLE) {
                program.error("partnerPointDefinition", "must be a SPENDABLE definition Laurel masters, not a follower");
            }
        } else if (!partners.isEmpty() && definitions.stream().noneMatch(d -> d.purpose() == Purpose.SPENDABLE && d.master())) {
            program.error("partners", "need a SPENDABLE point definition Laurel masters, where partner points go");
        }
        return named;
    }
}
