package ketch.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import ketch.raft.archfixture.ImpureCore;
import org.junit.jupiter.api.Test;

/** The purity rules catch a kernel class that reads the clock, starts a thread, uses Math.random and a HashMap. */
class ArchitectureRulesCanFailTest {
    @Test
    void everyPurityRuleCatchesTheImpureFixture() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ImpureCore.class);
        List<ArchRule> rules = ArchitectureRulesTest.kernelPurityRules();
        int caught = 0;
        for (ArchRule rule : rules) {
            if (rule.getDescription().contains("I/O")) continue; // the fixture does no I/O
            assertThrows(AssertionError.class, () -> rule.check(fixture), rule.getDescription());
            caught++;
        }
        assertEquals(3, caught);
    }
}
