package ketch.node.lanes;

import ketch.kv.ApplyResult;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;

/**
 * Services that follow the state machine on the apply lane (watches, lease deadlines). Every
 * method runs on the apply lane, in apply order.
 */
public interface StateMachineHooks {
    /** One command was applied at {@code index} with this result. */
    void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result);

    /** A batch of entries has been applied; deliver what it produced. */
    void batchApplied(KvStateMachine kv);

    /** The state machine was replaced (restart from snapshot, or a leader's snapshot installed). */
    void replaced(KvStateMachine kv);

    /** Periodic work while the lane is idle (about every 50 ms). */
    void idle(KvStateMachine kv);

    /** Runs each of {@code hooks} in order. */
    static StateMachineHooks all(java.util.List<StateMachineHooks> hooks) {
        return new StateMachineHooks() {
            @Override
            public void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result) {
                for (StateMachineHooks h : hooks) h.applied(kv, index, command, result);
            }

            @Override
            public void batchApplied(KvStateMachine kv) {
                for (StateMachineHooks h : hooks) h.batchApplied(kv);
            }

            @Override
            public void replaced(KvStateMachine kv) {
                for (StateMachineHooks h : hooks) h.replaced(kv);
            }

            @Override
            public void idle(KvStateMachine kv) {
                for (StateMachineHooks h : hooks) h.idle(kv);
            }
        };
    }

    StateMachineHooks NONE = new StateMachineHooks() {
        @Override
        public void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result) {}

        @Override
        public void batchApplied(KvStateMachine kv) {}

        @Override
        public void replaced(KvStateMachine kv) {}

        @Override
        public void idle(KvStateMachine kv) {}
    };
}
