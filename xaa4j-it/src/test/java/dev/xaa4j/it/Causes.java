package dev.xaa4j.it;

/** Finds the typed failure in the chain of causes the MCP SDK wraps it in. */
final class Causes {

    private Causes() {
    }

    /** The first throwable of this type in the cause chain; fails the test when there is none. */
    static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain", thrown);
    }
}
