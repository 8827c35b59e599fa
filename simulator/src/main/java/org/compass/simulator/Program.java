package org.compass.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Plan;

/**
 * A plan lowered for the chip: one program per core, the buffers its instructions name, and where every
 * crossbar tile of every replica sits (the placement). Produced by {@link Lowering}, run by
 * {@link Simulator}.
 */
public final class Program {

    private final Problem problem;
    private final Plan plan;
    private final List<CoreProgram> cores;
    private final List<BufferSpec> buffers;
    private final Placement placement;
    private final List<List<Integer>> unitInputs;
    private final int[] unitPartition;
    private final int[] unitCore;

    Program(Problem problem, Plan plan, List<CoreProgram> cores, List<BufferSpec> buffers, Placement placement,
            List<List<Integer>> unitInputs, int[] unitPartition, int[] unitCore) {
        this.problem = problem;
        this.plan = plan;
        this.cores = List.copyOf(cores);
        this.buffers = List.copyOf(buffers);
        this.placement = placement;
        this.unitInputs = unitInputs;
        this.unitPartition = unitPartition;
        this.unitCore = unitCore;
    }

    /** The problem lowered. */
    public Problem problem() {
        return problem;
    }

    /** The mapped network. */
    public MappedGraph graph() {
        return problem.graph();
    }

    /** The plan lowered. */
    public Plan plan() {
        return plan;
    }

    /** One program per core (cores beyond the chip never appear). */
    public List<CoreProgram> cores() {
        return cores;
    }

    /** All buffers. */
    public List<BufferSpec> buffers() {
        return buffers;
    }

    /** The buffer with the given id. */
    public BufferSpec buffer(int id) {
        return buffers.get(id);
    }

    /** Where every crossbar tile of every replica sits. */
    public Placement placement() {
        return placement;
    }

    /** Number of instructions over all cores. */
    public int size() {
        return cores.stream().mapToInt(CoreProgram::size).sum();
    }

    /** Input buffers of a unit (on its core), parallel to the unit's input tensors. */
    public List<Integer> unitInputs(int unit) {
        return unitInputs.get(unit);
    }

    /** Partition of every unit (-1 when the plan leaves it out). */
    int unitPartition(int unit) {
        return unitPartition[unit];
    }

    /** Core that runs a unit's MVM or vector stream (-1 when not placed). */
    public int unitCore(int unit) {
        return unitCore[unit];
    }

    /**
     * The same program with every instruction passed through {@code f}; instructions mapped to null are
     * dropped. Tests build broken programs this way; a write schedule could be applied this way too.
     */
    public Program map(UnaryOperator<Instruction> f) {
        List<CoreProgram> out = new ArrayList<>();
        for (CoreProgram cp : cores) {
            List<InstructionStream> streams = new ArrayList<>();
            for (InstructionStream s : cp.streams()) {
                List<Instruction> ins = new ArrayList<>();
                for (Instruction i : s.instructions()) {
                    Instruction m = f.apply(i);
                    if (m != null) {
                        ins.add(m);
                    }
                }
                streams.add(new InstructionStream(s.core(), s.name(), ins));
            }
            out.add(new CoreProgram(cp.core(), streams));
        }
        return new Program(problem, plan, out, buffers, placement, unitInputs, unitPartition, unitCore);
    }

    /** A listing of the program, one instruction per line, core by core (for docs and debugging). */
    public String listing() {
        StringBuilder sb = new StringBuilder();
        for (CoreProgram cp : cores) {
            sb.append("core ").append(cp.core()).append('\n');
            for (InstructionStream s : cp.streams()) {
                sb.append("  stream ").append(s.name()).append('\n');
                for (Instruction i : s.instructions()) {
                    sb.append("    ").append(i.describe(this));
                    if (i.count() > 1) {
                        sb.append(" x").append(i.count());
                    }
                    if (i.amount() > 0) {
                        sb.append(i.op() == Opcode.LOAD_W ? " bytes " : " rows ").append(i.amount());
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }
}
