package dev.berth.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps berthd layered: config and events at the bottom, the image store above them, distribution (registries) on
 * the store, and the HTTP API on top; nothing below knows the API.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.berth.engine");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.berth.engine.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheApiKnowsHttp() {
        noClasses().that().resideInAnyPackage("..engine.image..", "..engine.config..", "..engine.event..",
                "..engine.distribution..")
                .should().dependOnClassesThat().resideInAnyPackage("..engine.api..", "io.netty..")
                .check(CLASSES);
    }

    @Test
    void theImageStoreKnowsNoRegistry() {
        noClasses().that().resideInAnyPackage("..engine.image..", "..engine.config..", "..engine.event..")
                .should().dependOnClassesThat().resideInAnyPackage("..engine.distribution..", "dev.berth.client..")
                .check(CLASSES);
    }
}
