package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import ketch.tck.linearizability.RegisterInput;
import ketch.tck.linearizability.RegisterOutput;
import org.junit.jupiter.api.Test;

class RegisterMachineTest {

    @Test
    void aRequestAppliesOnceAndRepeatsGetTheFirstResult() {
        RegisterMachine m = new RegisterMachine();
        assertEquals(RegisterOutput.cas(true), m.apply(new ClientCommand(1, new RegisterInput.Cas("a", Optional.empty(), "x"))));
        assertEquals(RegisterOutput.written(), m.apply(new ClientCommand(2, new RegisterInput.Write("a", "y"))));
        assertEquals(RegisterOutput.cas(true), m.apply(new ClientCommand(1, new RegisterInput.Cas("a", Optional.empty(), "x"))));
        assertEquals(Optional.of("y"), m.read("a"));
    }

    @Test
    void snapshotRestoresRegistersAndRememberedResults() {
        RegisterMachine m = new RegisterMachine();
        m.apply(new ClientCommand(7, new RegisterInput.Write("b", "1")));
        m.apply(new ClientCommand(8, new RegisterInput.Cas("b", Optional.of("0"), "2")));
        RegisterMachine copy = RegisterMachine.restore(m.snapshot());
        assertEquals(Optional.of("1"), copy.read("b"));
        assertEquals(Optional.empty(), copy.read("a"));
        assertEquals(RegisterOutput.cas(false), copy.apply(new ClientCommand(8, new RegisterInput.Cas("b", Optional.of("1"), "3"))));
        assertEquals(m.snapshot(), copy.snapshot());
    }

    @Test
    void commandsRoundTripThroughEntryData() {
        ClientCommand c = new ClientCommand(42, new RegisterInput.Cas("c", Optional.of("old"), "new"));
        assertEquals(c, ClientCommand.decode(c.encode()));
        ClientCommand fromUnset = new ClientCommand(43, new RegisterInput.Cas("c", Optional.empty(), "v"));
        assertEquals(fromUnset, ClientCommand.decode(fromUnset.encode()));
    }
}
