package ketch.distribution;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md §2, checked on the compiled main classes of every module in
 * this distribution. A violation fails the build with the offending class and call.
 */
class ArchitectureRulesTest {
    private static JavaClasses ketch;

    @BeforeAll
    static void importKetch() {
        ketch = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ketch");
    }

    private static void check(ArchRule rule) {
        rule.check(ketch);
    }

    @Test
    void apiDependsOnJavaBaseOnly() {
        check(classes().that().resideInAPackage("ketch.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("ketch.api..", "java.lang..", "java.util..",
                        "java.nio..", "java.net..", "java.time..", "java.io..", "java.security..", "java.math..",
                        "javax.net.ssl..") // java.base's TLS: PeerTls builds the peer TLS context
                .because("ketch.api is what plugin authors compile against: java.base and nothing else"));
    }

    @Test
    void kernelModulesDependOnApiOnly() {
        check(noClasses().that().resideInAPackage("ketch.raft..")
                .should().dependOnClassesThat().resideInAnyPackage("ketch.kv..", "ketch.node..", "ketch.store..",
                        "ketch.transport..", "ketch.frontend..", "ketch.http..", "ketch.tck..")
                .because("the Raft kernel depends on ketch.api only"));
        check(noClasses().that().resideInAPackage("ketch.kv..")
                .should().dependOnClassesThat().resideInAnyPackage("ketch.node..", "ketch.store..",
                        "ketch.transport..", "ketch.frontend..", "ketch.http..", "ketch.tck..")
                .because("the kv state machine depends on ketch.api (and raft's value types) only"));
        check(classes().that().resideInAnyPackage("ketch.raft..", "ketch.kv..")
                .should().onlyDependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                        "ketch.api..", "ketch.raft..", "ketch.kv..",
                        "java.lang..", "java.util..", "java.nio", "java.nio.charset..", "java.time", "java.math..")
                        .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(java.net.URI.class))) // a value: members' URLs
                .because("the kernel has no third-party dependencies and no I/O packages"));
    }

    @Test
    void kernelIsPure() {
        kernelPurityRules().forEach(ArchitectureRulesTest::check);
    }

    /** The purity rules for raft and kv; package-private so the fixture test can prove they catch violations. */
    static java.util.List<ArchRule> kernelPurityRules() {
        String[] kernel = {"ketch.raft..", "ketch.kv.."};
        return java.util.List.of(noClasses().that().resideInAnyPackage(kernel)
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                        "java.io..", "java.nio.file..", "java.nio.channels..", "java.util.concurrent..", "java.lang.ref..")
                        // java.net.URI is a value (members' URLs in api's Member); sockets and the rest of java.net are I/O
                        .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("java.net..")
                                .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                        com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(java.net.URI.class)))))
                .because("the kernel does no I/O and runs no threads: the node's lanes do"),
                noClasses().that().resideInAnyPackage(kernel)
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.Random.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
                .because("threads, unseeded randomness and clocks make runs unrepeatable"),
                noClasses().that().resideInAnyPackage(kernel)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.util.UUID.class, "randomUUID")
                .orShould().callMethod(java.util.concurrent.ThreadLocalRandom.class, "current")
                .because("the kernel counts ticks and takes randomness from an injected RandomSource"),
                noClasses().that().resideInAnyPackage(kernel)
                .should().callConstructorWhere(targetOwnerIs(java.util.HashMap.class))
                .orShould().callConstructorWhere(targetOwnerIs(java.util.HashSet.class))
                .because("HashMap/HashSet iteration order is not part of the seed: use TreeMap, LinkedHashMap or arrays"));
    }

    @Test
    void pluginsNeverReachKernelInternalsOrEachOther() {
        check(noClasses().that().resideInAnyPackage("ketch.store..", "ketch.transport..", "ketch.frontend..", "ketch.http..")
                .should().dependOnClassesThat().resideInAnyPackage("ketch.raft..", "ketch.kv..", "ketch.node..")
                .because("plugins see the kernel only through ketch.api"));
        String[] plugins = {"ketch.store..", "ketch.transport..", "ketch.frontend.."};
        for (String plugin : plugins) {
            String own = plugin.substring(0, plugin.length() - 2);
            check(noClasses().that().resideInAPackage(plugin)
                    .should().dependOnClassesThat(DescribedPredicate.describe("another plugin",
                            (JavaClass c) -> isPlugin(c.getPackageName()) && !samePlugin(c.getPackageName(), own)))
                    .because("plugins never depend on each other, only on the declared HTTP host")
                    .allowEmptyShould(true));
        }
    }

    @Test
    void onlyTheNodeRuntimeUsesServiceLoader() {
        check(noClasses().that().resideOutsideOfPackages("ketch.node..", "ketch.tck..")
                .should().dependOnClassesThat().areAssignableTo(java.util.ServiceLoader.class)
                .because("the node runtime is the one place that discovers plugins (the TCK's crash child opens stores by type too)"));
    }

    private static boolean isPlugin(String pkg) {
        return pkg.startsWith("ketch.store.") || pkg.startsWith("ketch.transport.") || pkg.startsWith("ketch.frontend.");
    }

    private static boolean samePlugin(String pkg, String own) {
        return pkg.equals(own) || pkg.startsWith(own + ".");
    }

    private static DescribedPredicate<com.tngtech.archunit.core.domain.JavaConstructorCall> targetOwnerIs(Class<?> owner) {
        return DescribedPredicate.describe("constructs " + owner.getSimpleName(),
                call -> call.getTargetOwner().isEquivalentTo(owner));
    }
}
