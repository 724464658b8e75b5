package dev.laurel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;

/**
 * The module boundaries of DESIGN.md and STYLE.md, found rather than listed: every direct subpackage of
 * {@code dev.laurel} is a module (Spring Modulith), declares in its {@code package-info.java} the modules it may use,
 * and {@link ApplicationModules#verify()} refuses cycles, another module's {@code internal} and undeclared
 * dependencies. Also: time only from an injected Clock, and no JPA.
 */
class ArchitectureTest {

    static final String ROOT = "dev.laurel";

    static JavaClasses classes;
    static ApplicationModules modules;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
        modules = ApplicationModules.of(LaurelApplication.class);
    }

    static Set<String> moduleNames() {
        return modules.stream().map(m -> m.getIdentifier().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    static String[] packagesOf(Set<String> names) {
        return names.stream().map(m -> ROOT + "." + m + "..").toArray(String[]::new);
    }

    @Test
    void every_direct_subpackage_is_a_module_that_declares_the_modules_it_may_use() throws ClassNotFoundException {
        Set<String> subpackages = classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(ROOT + "."))
                .map(p -> p.substring(ROOT.length() + 1).split("\\.")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(moduleNames()).isEqualTo(subpackages).contains("api", "web", "platform", "ledger");
        for (String module : moduleNames()) {
            ApplicationModule declared = Class.forName(ROOT + "." + module + ".package-info").getAnnotation(ApplicationModule.class);
            assertThat(declared).as("@ApplicationModule in %s's package-info.java", module).isNotNull();
            assertThat(declared.allowedDependencies()).as("%s's allowedDependencies", module).doesNotContain(ApplicationModule.OPEN_TOKEN);
        }
    }

    @Test
    void modules_form_no_cycle_keep_their_internals_and_use_only_the_modules_they_declare() {
        modules.verify();
    }

    @Test
    void the_module_check_fails_on_a_cycle_a_use_of_another_modules_internal_and_an_undeclared_dependency() {
        ApplicationModules broken = ApplicationModules.of("dev.laurel.support.brokenmodules", location -> true);
        assertThat(broken.stream().map(m -> m.getIdentifier().toString())).containsExactlyInAnyOrder("alpha", "beta", "gamma", "delta");
        List<String> violations = broken.detectViolations().getMessages();
        assertThat(violations).allSatisfy(v -> assertThat(v).containsAnyOf("Cycle detected", "Module 'delta'", "Module 'gamma'"))
                .anySatisfy(v -> assertThat(v).startsWith("Cycle detected: Slice alpha").contains("Slice beta"))
                .anySatisfy(v -> assertThat(v).contains("Module 'delta' depends on non-exposed type").contains("AlphaSecret"))
                .anySatisfy(v -> assertThat(v).contains("Module 'gamma' depends on module 'alpha'"));
        assertThatThrownBy(broken::verify).isInstanceOf(Violations.class);
    }

    @Test
    void the_ledger_depends_on_no_module_but_the_platform() {
        Set<String> others = moduleNames();
        others.removeAll(List.of("ledger", "platform"));
        noClasses().that().resideInAPackage(ROOT + ".ledger..")
                .should().dependOnClassesThat().resideInAnyPackage(packagesOf(others))
                .check(classes);
    }

    @Test
    void modules_do_not_depend_on_the_http_adapters() {
        Set<String> domain = moduleNames();
        domain.removeAll(List.of("api", "web"));
        noClasses().that().resideInAnyPackage(packagesOf(domain))
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".api..", ROOT + ".web..")
                .check(classes);
    }

    @Test
    void the_platform_depends_on_no_module() {
        Set<String> others = moduleNames();
        others.remove("platform");
        noClasses().that().resideInAPackage(ROOT + ".platform..")
                .should().dependOnClassesThat().resideInAnyPackage(packagesOf(others))
                .check(classes);
    }

    @Test
    void the_api_dialects_do_not_depend_on_each_other() {
        slices().matching(ROOT + ".api.(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void the_time_comes_only_from_an_injected_clock() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callConstructor(Date.class)
                .because("every class that needs the time is given a java.time.Clock (STYLE.md)")
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName(ROOT + ".platform.AdjustableClock")
                .should().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(Clock.class, "tickMillis", ZoneId.class)
                .check(classes);
    }

    @Test
    void no_jpa_on_any_table() {
        noClasses().should().dependOnClassesThat().resideInAPackage("jakarta.persistence..").check(classes);
    }
}
