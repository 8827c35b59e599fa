package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.schedule.InvalidScheduleException;
import org.compass.solver.schedule.PhaseSchedule;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleEvaluator;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.schedule.ScheduleRecord.Kind;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Test;

/** Each rule of the validator catches a schedule that breaks it. */
class ScheduleValidatorTest {

    private final Problem problem = WriteSchedulerTest.problem("resnet18", "compass-s", 1, PipelineMode.ROW);
    private final Plan plan = WriteSchedulerTest.dpPlan(problem);
    private final ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
    private final Schedule phase = PhaseSchedule.build(problem, plan);

    private List<String> after(ScheduleMode mode, UnaryOperator<List<ScheduleRecord>> change) {
        return ScheduleValidator.violations(tasks, new Schedule(mode, change.apply(new ArrayList<>(phase.records()))));
    }

    private static ScheduleRecord shift(ScheduleRecord r, double by) {
        return new ScheduleRecord(r.kind(), r.core(), r.partition(), r.unit(), r.start() + by, r.end() + by, r.rows(),
                r.ports(), r.bytes());
    }

    private static boolean mentions(List<String> v, String text) {
        return v.stream().anyMatch(s -> s.contains(text));
    }

    @Test
    void phaseScheduleIsValidInEveryModeButForStaging() {
        for (ScheduleMode m : ScheduleMode.values()) {
            List<String> v = after(m, l -> l);
            if (m.prefetch()) {
                // v1 streams a whole partition's loads over T_prog, more than 4 tiles per core at once, and writes
                // its rows round-robin faster than they arrive: only the staging and streaming rules (applied with
                // prefetch) may object
                assertTrue(v.stream().allMatch(s -> s.startsWith("weight staging bytes over capacity")
                        || s.contains("more than its weight load has delivered")), v.toString());
            } else {
                assertEquals(List.of(), v, m.label());
            }
        }
    }

    @Test
    void weightsStagedBeyondTheBufferAreCaught() {
        // a valid prefetch schedule, checked against a chip whose staging buffer is a tenth of the largest
        // reservation it makes: only the staging rule fails
        Schedule s = WriteScheduler.schedule(problem, plan, ScheduleMode.PREFETCH, 2, 2, 1).schedule();
        assertEquals(ScheduleMode.PREFETCH, s.mode(), "the CP schedule, not the phase schedule, is kept");
        assertEquals(List.of(), ScheduleValidator.violations(tasks, s));
        ScheduleTasks small = new ScheduleTasks(tasks.partitions(), tasks.cores(), tasks.portsPerCore(),
                tasks.chipCrossbars(), tasks.rowSeconds(), tasks.dramBytesPerSecond(), tasks.stagingBytes() / 10);
        List<String> v = ScheduleValidator.violations(small, s);
        assertTrue(!v.isEmpty() && v.stream().allMatch(x -> x.startsWith("weight staging bytes over capacity")
                || x.contains("streams through the staging buffer")), v.toString());
        // the same schedule with the last partition's weights loaded at the start of the batch, long before its
        // writes: they wait in the buffer beside everything loaded meanwhile
        int last = plan.size() - 1;
        List<ScheduleRecord> early = new ArrayList<>(s.records());
        early.replaceAll(r -> r.partition() == last && r.kind() == Kind.WEIGHT_LOAD ? shift(r, -r.start()) : r);
        assertTrue(mentions(ScheduleValidator.violations(tasks, new Schedule(ScheduleMode.PREFETCH, early)),
                "weight staging bytes over capacity"));
    }

    @Test
    void stageBeforeItsWeightsIsCaught() {
        List<String> v = after(ScheduleMode.FULL, l -> {
            ScheduleRecord st = l.stream().filter(r -> r.kind() == Kind.STAGE && r.partition() == 1).findFirst().orElseThrow();
            l.set(l.indexOf(st), ScheduleRecord.stage(1, st.unit(), st.start() - 1e-6, st.end() - 1e-6));
            return l;
        });
        assertTrue(mentions(v, "starts before its weights"), v.toString());
    }

    @Test
    void dramOverCapacityIsCaught() {
        List<String> v = after(ScheduleMode.NONE, l -> {
            ScheduleRecord ld = l.stream().filter(r -> r.kind() == Kind.WEIGHT_LOAD).findFirst().orElseThrow();
            l.set(l.indexOf(ld), ScheduleRecord.weightLoad(ld.partition(), ld.unit(), ld.start(),
                    ld.start() + ld.seconds() * 1e-4, ld.bytes()));
            return l;
        });
        assertTrue(mentions(v, "DRAM bandwidth over capacity"), v.toString());
    }

    @Test
    void twoWritesOnOnePortAtOnceAreCaught() {
        List<String> v = after(ScheduleMode.NONE, l -> {
            List<ScheduleRecord> onCore0 = l.stream().filter(r -> r.kind() == Kind.WRITE && r.core() == 0
                    && r.partition() == 0).toList();
            ScheduleRecord second = onCore0.get(1);
            l.set(l.indexOf(second), shift(second, onCore0.get(0).start() - second.start()));
            return l;
        });
        assertTrue(mentions(v, "write ports of core 0 over capacity"), v.toString());
    }

    @Test
    void rewritingCrossbarsStillInUseIsCaught() {
        // partition 1 written while partition 0 still holds its crossbars: the chip has too few
        List<String> v = after(ScheduleMode.PREFETCH, l -> {
            double by = -(l.stream().filter(r -> r.partition() == 1).mapToDouble(ScheduleRecord::start).min().orElseThrow());
            l.replaceAll(r -> r.partition() == 1 && (r.kind() == Kind.WRITE || r.kind() == Kind.WEIGHT_LOAD)
                    ? shift(r, by) : r);
            return l;
        });
        assertTrue(mentions(v, "crossbars over capacity"), v.toString());
    }

    @Test
    void overlapWithoutPrefetchIsCaught() {
        List<String> v = after(ScheduleMode.EARLY, l -> {
            ScheduleRecord ld = l.stream().filter(r -> r.kind() == Kind.WEIGHT_LOAD && r.partition() == 1)
                    .findFirst().orElseThrow();
            l.set(l.indexOf(ld), shift(ld, -1e-6));
            return l;
        });
        assertTrue(mentions(v, "(no prefetch)"), v.toString());
    }

    @Test
    void writesAheadOfTheirLoadOrFarBehindItAreCaught() {
        // the CP schedule of resnet18 on compass-s at batch 1 with prefetch: valid, and its largest unit (more
        // weights than the 256 KiB staging buffer) streams through the buffer
        Schedule s = WriteScheduler.schedule(problem, plan, ScheduleMode.PREFETCH, 2, 2, 1).schedule();
        assertEquals(ScheduleMode.PREFETCH, s.mode(), "the CP schedule, not the phase schedule, is kept");
        assertEquals(List.of(), ScheduleValidator.violations(tasks, s));
        ScheduleRecord big = s.records().stream().filter(r -> r.kind() == Kind.WEIGHT_LOAD
                && r.bytes() > tasks.stagingBytes()).findFirst().orElseThrow();
        // its load run ten times as long: the writes, which end with the load, now end before it
        List<ScheduleRecord> slow = new ArrayList<>(s.records());
        slow.set(slow.indexOf(big), ScheduleRecord.weightLoad(big.partition(), big.unit(), big.start(),
                big.start() + 10 * big.seconds(), big.bytes()));
        assertTrue(mentions(ScheduleValidator.violations(tasks, new Schedule(ScheduleMode.PREFETCH, slow)),
                "unit " + big.unit() + " of partition " + big.partition() + " has written"));
        // its load moved to end where its writes start: all its weights, more than the buffer, wait at once
        List<ScheduleRecord> early = new ArrayList<>(s.records());
        early.set(early.indexOf(big), shift(big, -big.seconds()));
        assertTrue(mentions(ScheduleValidator.violations(tasks, new Schedule(ScheduleMode.PREFETCH, early)),
                "unit " + big.unit() + " of partition " + big.partition() + " streams through the staging buffer"));
    }

    @Test
    void missingRowsAreCaughtAndTheEvaluatorRefuses() {
        List<ScheduleRecord> l = new ArrayList<>(phase.records());
        l.remove(l.stream().filter(r -> r.kind() == Kind.WRITE).findFirst().orElseThrow());
        Schedule broken = new Schedule(ScheduleMode.NONE, l);
        assertTrue(mentions(ScheduleValidator.violations(tasks, broken), "rows written"));
        assertThrows(InvalidScheduleException.class, () -> ScheduleEvaluator.evaluate(problem, plan, broken));
    }
}
