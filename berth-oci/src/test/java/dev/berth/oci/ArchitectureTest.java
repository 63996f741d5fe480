package dev.berth.oci;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps berth-oci's packages layered: values at the bottom, storage and layers above, layouts on top. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.berth.oci");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.berth.oci.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void valuesDependOnNoStorage() {
        noClasses().that().resideInAnyPackage("..oci.digest..", "..oci.spec..", "..oci.reference..", "..oci.error..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("..oci.content..", "..oci.layer..", "..oci.layout..", "..oci.linux..")
                .check(CLASSES);
    }

    @Test
    void contentStoreKnowsNothingOfLayersOrLayouts() {
        noClasses().that().resideInAPackage("..oci.content..")
                .should().dependOnClassesThat().resideInAnyPackage("..oci.layer..", "..oci.layout..")
                .check(CLASSES);
    }

    @Test
    void noUtilPackages() {
        noClasses().should().resideInAnyPackage("..util..", "..utils..", "..helpers..", "..common..")
                .check(CLASSES);
    }
}
