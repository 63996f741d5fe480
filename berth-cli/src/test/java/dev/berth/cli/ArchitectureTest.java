package dev.berth.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI's layers: the Engine API client at the bottom, output formatting and credentials above, commands on top. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.berth.cli");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.berth.cli.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void apiClientKnowsNoCommandsOrOutput() {
        noClasses().that().resideInAPackage("..cli.api..")
                .should().dependOnClassesThat().resideInAnyPackage("..cli.command..", "..cli.output..", "..cli.auth..")
                .check(CLASSES);
    }

    @Test
    void outputAndAuthKnowNoCommands() {
        noClasses().that().resideInAnyPackage("..cli.output..", "..cli.auth..")
                .should().dependOnClassesThat().resideInAPackage("..cli.command..")
                .check(CLASSES);
    }
}
