package dev.laurel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN.md and STYLE.md, and time only from an injected Clock. */
class ArchitectureTest {

    static final List<String> MODULES = List.of("programs", "members", "ledger", "earning", "tiers", "timeline",
            "campaigns", "sync", "webhooks", "partners");

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.laurel");
    }

    @Test
    void a_modules_internal_package_is_used_only_by_that_module() {
        for (String module : MODULES) {
            ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.laurel." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.laurel." + module + ".internal..")
                    .allowEmptyShould(true)
                    .because("a module's internal package is private to it");
            rule.check(classes);
        }
    }

    @Test
    void the_ledger_depends_on_no_other_module() {
        String[] others = MODULES.stream().filter(m -> !m.equals("ledger")).map(m -> "dev.laurel." + m + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.laurel.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("dev.laurel.ledger..")
                .should().dependOnClassesThat().resideInAPackage("dev.laurel.api..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void modules_do_not_depend_on_the_http_adapters() {
        String[] modules = MODULES.stream().map(m -> "dev.laurel." + m + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage(modules)
                .should().dependOnClassesThat().resideInAnyPackage("dev.laurel.api..", "dev.laurel.web..")
                .check(classes);
    }

    @Test
    void the_platform_depends_on_no_module() {
        String[] modules = MODULES.stream().map(m -> "dev.laurel." + m + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.laurel.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(modules)
                .check(classes);
    }

    @Test
    void the_time_comes_only_from_an_injected_clock() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.LocalTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.lang.System.class, "currentTimeMillis")
                .orShould().callConstructor(java.util.Date.class)
                .because("every class that needs the time is given a java.time.Clock (STYLE.md)")
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName("dev.laurel.platform.AdjustableClock")
                .should().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.Clock.class, "tickMillis", java.time.ZoneId.class)
                .check(classes);
    }

    @Test
    void no_jpa_on_any_table() {
        noClasses().should().dependOnClassesThat().resideInAPackage("jakarta.persistence..").check(classes);
    }
}
