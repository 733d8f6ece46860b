package ketch.tck.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    private static CheckResult.NotLinearizable<RegisterInput, RegisterOutput> violation(Histories h) {
        return assertInstanceOf(CheckResult.NotLinearizable.class, h.check());
    }

    @Test
    void emptyHistoryIsLinearizable() {
        assertTrue(new Histories().check().isLinearizable());
    }

    @Test
    void sequentialWriteThenReadIsLinearizable() {
        assertTrue(new Histories().write(1, 0, 1, "x", "1").read(2, 2, 3, "x", "1").check().isLinearizable());
    }

    @Test
    void readOfNeverWrittenRegisterSeesUnset() {
        assertTrue(new Histories().readUnset(1, 0, 1, "x").write(1, 2, 3, "x", "1").check().isLinearizable());
        violation(new Histories().read(1, 0, 1, "x", "1").write(1, 2, 3, "x", "1"));
    }

    @Test
    void staleReadAfterNewerWriteCompletedIsNotLinearizable() {
        var result = violation(new Histories()
                .write(1, 0, 1, "x", "1")
                .write(1, 2, 3, "x", "2")
                .read(2, 4, 5, "x", "1"));
        assertEquals("x", result.partition());
        assertEquals(3, result.operations().size());
        assertTrue(result.explanation().contains("read(x) -> 1"), result.explanation());
    }

    @Test
    void readConcurrentWithWriteMaySeeEitherValue() {
        assertTrue(new Histories().write(1, 0, 1, "x", "1").write(1, 2, 10, "x", "2")
                .read(2, 3, 4, "x", "1").read(3, 5, 6, "x", "2").check().isLinearizable());
        assertTrue(new Histories().write(1, 0, 1, "x", "1").write(1, 2, 10, "x", "2")
                .read(2, 3, 4, "x", "2").check().isLinearizable());
    }

    @Test
    void readsCannotGoBackInTimeDuringAConcurrentWrite() {
        // Once a read saw the new value, the write took effect: a later read cannot see the old one.
        violation(new Histories().write(1, 0, 1, "x", "1").write(1, 2, 10, "x", "2")
                .read(2, 3, 4, "x", "2").read(3, 5, 6, "x", "1"));
    }

    @Test
    void touchingIntervalsAreConcurrent() {
        assertTrue(new Histories().write(1, 0, 5, "x", "1").readUnset(2, 5, 6, "x").check().isLinearizable());
        violation(new Histories().write(1, 0, 5, "x", "1").readUnset(2, 6, 7, "x"));
    }

    @Test
    void lostWriteIsNotLinearizable() {
        // Both writes acknowledged, then reads see 2 and later 1 again: the write of 2 was lost and re-read.
        violation(new Histories().write(1, 0, 3, "x", "1").write(2, 1, 4, "x", "2")
                .read(3, 5, 6, "x", "2").read(3, 7, 8, "x", "1"));
        violation(new Histories().write(1, 0, 1, "x", "1").cas(2, 2, 3, "x", "1", "2", true).read(3, 4, 5, "x", "1"));
    }

    @Test
    void twoConcurrentCasFromTheSameValueCannotBothSwap() {
        violation(new Histories().cas(1, 0, 10, "x", null, "a", true).cas(2, 1, 11, "x", null, "b", true));
        assertTrue(new Histories().cas(1, 0, 10, "x", null, "a", true).cas(2, 1, 11, "x", null, "b", false)
                .read(3, 12, 13, "x", "a").check().isLinearizable());
    }

    @Test
    void casThatSwappedAgainstTheWrongValueIsNotLinearizable() {
        violation(new Histories().write(1, 0, 1, "x", "1").cas(2, 2, 3, "x", null, "2", true));
    }

    @Test
    void casThatFailedWhileTheValueMatchedNeedsAConcurrentWrite() {
        violation(new Histories().write(1, 0, 1, "x", "1").cas(2, 2, 3, "x", "1", "2", false));
        assertTrue(new Histories().write(1, 0, 1, "x", "1").write(3, 2, 5, "x", "9")
                .cas(2, 2, 3, "x", "1", "2", false).check().isLinearizable());
    }

    @Test
    void chainOfCasIsLinearizableInTheOnlyPossibleOrder() {
        assertTrue(new Histories()
                .cas(1, 0, 100, "x", "b", "c", true)
                .cas(2, 0, 100, "x", null, "a", true)
                .cas(3, 0, 100, "x", "a", "b", true)
                .read(4, 101, 102, "x", "c").check().isLinearizable());
    }

    @Test
    void pendingWriteThatTookEffectExplainsALaterRead() {
        assertTrue(new Histories().pendingWrite(1, 0, "x", "1").read(2, 5, 6, "x", "1").check().isLinearizable());
        assertTrue(new Histories().pendingWrite(1, 0, "x", "1").readUnset(2, 5, 6, "x").read(2, 7, 8, "x", "1")
                .check().isLinearizable());
    }

    @Test
    void pendingWriteThatNeverTookEffectIsFine() {
        assertTrue(new Histories().pendingWrite(1, 0, "x", "1").readUnset(2, 100, 101, "x").check().isLinearizable());
    }

    @Test
    void pendingWriteCannotBeUndoneOnceSeen() {
        violation(new Histories().pendingWrite(1, 0, "x", "1").read(2, 5, 6, "x", "1").readUnset(2, 7, 8, "x"));
    }

    @Test
    void pendingWriteCannotTakeEffectBeforeItWasCalled() {
        violation(new Histories().read(2, 0, 1, "x", "1").pendingWrite(1, 2, "x", "1"));
    }

    @Test
    void pendingCasTakesEffectOnlyIfItsExpectationHeld() {
        assertTrue(new Histories().write(1, 0, 1, "x", "1").pendingCas(2, 2, "x", "1", "2").read(3, 3, 4, "x", "2")
                .check().isLinearizable());
        violation(new Histories().write(1, 0, 1, "x", "0").pendingCas(2, 2, "x", "1", "2").read(3, 3, 4, "x", "2"));
    }

    @Test
    void pendingReadsAreIgnored() {
        assertTrue(new Histories().pendingRead(1, 0, "x").write(2, 1, 2, "x", "1").check().isLinearizable());
    }

    @Test
    void registersAreCheckedIndependently() {
        var result = violation(new Histories()
                .write(1, 0, 1, "x", "1").read(1, 2, 3, "x", "1")
                .write(2, 0, 1, "y", "1").write(2, 2, 3, "y", "2").read(3, 4, 5, "y", "1")
                .write(3, 0, 1, "z", "1"));
        assertEquals("y", result.partition());
        assertTrue(result.operations().stream().allMatch(op -> op.input().key().equals("y")), result.toString());
        var fine = assertInstanceOf(CheckResult.Linearizable.class, new Histories()
                .write(1, 0, 1, "x", "1").write(2, 0, 1, "y", "1").read(3, 2, 3, "x", "1").check());
        assertEquals(2, fine.partitions());
    }

    @Test
    void explanationIsTheShortestFailingCutWithoutUnneededReads() {
        var result = violation(new Histories()
                .write(1, 0, 1, "x", "1")
                .read(2, 2, 3, "x", "1")        // not needed
                .write(1, 4, 5, "x", "2")
                .read(2, 6, 7, "x", "2")        // not needed
                .read(3, 8, 9, "x", "1")        // the stale read
                .write(1, 10, 11, "x", "3")     // after the violation
                .read(2, 12, 13, "x", "3"));    // after the violation
        List<String> described = result.operations().stream().map(op -> op.describe(RegisterModel.INSTANCE)).toList();
        assertEquals(List.of(
                "client 1 [0..1] write(x, 1) -> ok",
                "client 1 [4..5] write(x, 2) -> ok",
                "client 3 [8..9] read(x) -> 1"), described);
        assertTrue(result.explanation().startsWith("no linearization of these 3 operations on partition 'x' (history cut at time 9"),
                result.explanation());
        assertTrue(result.explanation().endsWith("client 3 [8..9] read(x) -> 1   <== first answer no order explains"), result.explanation());
    }

    @Test
    void exhaustedBudgetIsReportedAsUnknownNotAsAViolation() {
        Histories h = new Histories();
        for (int c = 0; c < 8; c++) h.write(c, 0, 100, "x", "v" + c);
        h.read(9, 101, 102, "x", "v3");
        var unknown = assertInstanceOf(CheckResult.Unknown.class, LinearizabilityChecker.check(RegisterModel.INSTANCE, h.build(), 3));
        assertEquals("x", unknown.partition());
        assertTrue(unknown.reason().contains("budget of 3 model steps"), unknown.reason());
        assertFalse(unknown.isLinearizable());
        assertTrue(h.check().isLinearizable());
    }

    @Test
    void violationInOnePartitionWinsOverUnknownInAnother() {
        Histories h = new Histories();
        for (int c = 0; c < 8; c++) h.write(c, 0, 100, "a", "v" + c);
        h.write(1, 0, 1, "b", "1").read(1, 2, 3, "b", "2");
        assertInstanceOf(CheckResult.NotLinearizable.class, LinearizabilityChecker.check(RegisterModel.INSTANCE, h.build(), 4));
    }

    @Test
    void badInputIsRefusedWithClearMessages() {
        var early = assertThrows(IllegalArgumentException.class,
                () -> Operation.completed(1, 10, 5, new RegisterInput.Read("x"), RegisterOutput.readUnset()));
        assertTrue(early.getMessage().contains("return time 5 is before call time 10"), early.getMessage());
        var half = assertThrows(IllegalArgumentException.class, () -> new Operation<>(1, 0, OptionalLong.of(3),
                new RegisterInput.Read("x"), Optional.<RegisterOutput>empty()));
        assertTrue(half.getMessage().contains("both a return time and an output, or neither"), half.getMessage());
        var budget = assertThrows(IllegalArgumentException.class,
                () -> LinearizabilityChecker.check(RegisterModel.INSTANCE, List.of(), 0));
        assertTrue(budget.getMessage().contains("got 0"), budget.getMessage());
        List<Operation<RegisterInput, RegisterOutput>> wrongOutput = List.of(
                Operation.completed(1, 0, 1, new RegisterInput.Write("x", "1"), RegisterOutput.cas(true)));
        var mismatch = assertThrows(IllegalArgumentException.class,
                () -> LinearizabilityChecker.check(RegisterModel.INSTANCE, wrongOutput));
        assertTrue(mismatch.getMessage().contains("does not answer write(x, 1)"), mismatch.getMessage());
    }
}
