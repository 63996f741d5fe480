package dev.berth.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps berth-client layered: pull and push → registry → auth; nothing here knows the daemon. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.berth.client");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.berth.client.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void authKnowsNoRegistryCalls_andTheRegistryLayerNoPullOrPush() {
        noClasses().that().resideInAPackage("..client.auth..").should().dependOnClassesThat()
                .resideInAnyPackage("..client.registry..", "..client.pull..", "..client.push..").check(CLASSES);
        noClasses().that().resideInAPackage("..client.registry..").should().dependOnClassesThat()
                .resideInAnyPackage("..client.pull..", "..client.push..").check(CLASSES);
    }

    @Test
    void pullAndPushAreIndependent() {
        noClasses().that().resideInAPackage("..client.pull..").should().dependOnClassesThat()
                .resideInAPackage("..client.push..").check(CLASSES);
        noClasses().that().resideInAPackage("..client.push..").should().dependOnClassesThat()
                .resideInAPackage("..client.pull..").check(CLASSES);
    }

    @Test
    void noDaemonOrServerCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.berth.engine..", "dev.berth.registry..",
                "dev.berth.cli..", "io.netty..").check(CLASSES);
    }
}
