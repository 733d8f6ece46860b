package ketch.kv;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN §2: ketch.kv is deterministic and depends on the api only. These rules fail the build. */
class DeterminismRulesTest {
    private static final JavaClasses KV = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ketch.kv");

    @Test
    void theRulesSeeTheMainClasses() {
        org.junit.jupiter.api.Assertions.assertTrue(KV.contain(KvStateMachine.class), "imported " + KV.size() + " classes");
        org.junit.jupiter.api.Assertions.assertTrue(KV.contain(ketch.kv.watch.WatchHub.class));
    }

    @Test
    void noUnorderedCollectionsClocksRandomnessThreadsOrIo() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.time..",
                        "java.util.concurrent..")
                // java.net.URI is a value (members' URLs in api's Member); sockets and the rest are I/O
                .orShould().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("java.net..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(java.net.URI.class))))
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .check(KV);
    }

    @Test
    void dependsOnlyOnTheJdkBaseAndTheApi() {
        noClasses().should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideOutsideOfPackages("java.lang..", "java.util..", "ketch.api..", "ketch.kv..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(java.net.URI.class))))
                .check(KV);
    }

    @Test
    void theKeyspaceKnowsNothingOfWatchers() {
        noClasses().that().resideInAnyPackage("ketch.kv.mvcc..", "ketch.kv.lease..", "ketch.kv.encoding..")
                .should().dependOnClassesThat().resideInAnyPackage("ketch.kv.watch..")
                .check(KV);
    }
}
