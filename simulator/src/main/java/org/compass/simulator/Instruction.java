package org.compass.simulator;

/**
 * One instruction of a core's program. Band instructions ({@code LOAD_A, MVM, VEC, SEND, RECV, STORE_A})
 * repeat {@code count} times, once per band, in (input, band) order.
 *
 * @param op        what it does
 * @param partition the plan partition it belongs to
 * @param core      the core it runs on
 * @param unit      the unit (layer) it serves, or -1
 * @param buffer    the buffer it reads (SEND, STORE_A) or fills (LOAD_A, RECV), or -1
 * @param peer      the peer buffer of a SEND (on the receiving core), else -1
 * @param replica   replica of the unit (WRITE_ROWS), else -1
 * @param tile      tile of the unit (LOAD_W, WRITE_ROWS), else -1
 * @param crossbar  crossbar index within the core (WRITE_ROWS), else -1
 * @param amount    bytes (LOAD_W) or rows (WRITE_ROWS); 0 for band instructions
 * @param count     repetitions (bands over the batch); 1 for single instructions
 * @param notBefore earliest start in seconds (an explicit write schedule), 0 when free
 */
public record Instruction(Opcode op, int partition, int core, int unit, int buffer, int peer, int replica, int tile,
                          int crossbar, long amount, int count, double notBefore) {

    /** The same instruction with another earliest start. */
    public Instruction withNotBefore(double t) {
        return new Instruction(op, partition, core, unit, buffer, peer, replica, tile, crossbar, amount, count, t);
    }

    /** The same instruction aimed at another crossbar (for tests of broken programs and explicit placements). */
    public Instruction withCrossbar(int c) {
        return new Instruction(op, partition, core, unit, buffer, peer, replica, tile, c, amount, count, notBefore);
    }

    /** A short human-readable form used in messages. */
    public String describe(Program program) {
        StringBuilder s = new StringBuilder(op.name());
        if (unit >= 0) {
            s.append(" '").append(program.graph().unit(unit).name()).append('\'');
        }
        if (buffer >= 0) {
            s.append(" tensor '").append(program.graph().tensor(program.buffer(buffer).tensor()).name()).append('\'');
        }
        if (replica >= 0) {
            s.append(" replica ").append(replica);
        }
        if (tile >= 0) {
            s.append(" tile ").append(tile);
        }
        if (crossbar >= 0) {
            s.append(" crossbar ").append(crossbar);
        }
        if (peer >= 0) {
            s.append(" to core ").append(program.buffer(peer).core());
        }
        s.append(" (partition ").append(partition).append(')');
        return s.toString();
    }
}
