package dev.laurel.programs.internal;

import dev.laurel.platform.Money;
import dev.laurel.programs.Program.CashOut;
import dev.laurel.programs.Program.CashOutSchedule;
import dev.laurel.programs.Program.CatalogueReward;
import dev.laurel.programs.Program.PointDefinition;
import java.time.LocalDate;
import java.util.List;

/**
 * The {@code cashOut} section: the points come from a SPENDABLE definition Laurel masters, listed dates go with (and
 * only with) schedule DATES, and the step's value is money in a real currency at its scale.
 */
final class CashOutReader {

    private CashOutReader() {}

    static CashOut read(Fields cashOut, List<PointDefinition> definitions) {
        if (cashOut == null) {
            return null;
        }
        Integer definition = cashOut.integer("pointDefinition");
        if (definition != null) {
            RewardsReader.spendableDefinition(cashOut, "pointDefinition", definitions, definition);
        }
        CashOutSchedule schedule = cashOut.enumValue("schedule", CashOutSchedule.class);
        List<LocalDate> dates = cashOut.dates("dates");
        if (schedule == CashOutSchedule.DATES && !cashOut.has("dates")) {
            cashOut.error("dates", "is required with schedule DATES");
        } else if (schedule == CashOutSchedule.DATES && cashOut.node().get("dates").isEmpty()) {
            cashOut.error("dates", "must list at least one date");
        } else if (schedule != null && schedule != CashOutSchedule.DATES && cashOut.has("dates")) {
            cashOut.error("dates", "is only for schedule DATES (periods end on the listed dates)");
        }
        Money stepValue = RewardsReader.money(cashOut.object("stepValue"));
        Long step = cashOut.longInteger("step");
        Integer validDays = cashOut.integer("voucherValidDays");
        String name = cashOut.text("name");
        return new CashOut(definition == null ? 0 : definition, schedule, dates, cashOut.date("startsOn"), step == null ? 0 : step,
                stepValue, cashOut.longInteger("minimum"), name == null ? CashOut.NAME_DEFAULT : name,
                validDays == null ? CatalogueReward.VOUCHER_VALID_DAYS_DEFAULT : validDays);
    }
}
