package org.compass.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.compass.model.problem.Problem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11's ranking target, per problem file and batch (the file's, and 1) under cost model v2: over 50 seeded
 * random feasible plans plus every formulation's plan, Spearman's rank correlation of the cost model's latency
 * and the simulated latency is at least 0.95, and the dp plan's simulated latency is within 2% of the best
 * simulated latency among them. As measured by {@code bench/ranking-study.sh} (seed 1). SqueezeNet missed
 * (Spearman 0.79 and 0.61) until v2 capped a stage's start at its producers' end of the first input; every
 * case meets both targets now. The thresholds are the issue's, not to be widened.
 */
@Tag("slow")
class RankingTargetTest {

    static final int PLANS = 50;
    static final long SEED = 1;

    private static final Map<String, RankingStudy.Study> STUDIES = new ConcurrentHashMap<>();

    static RankingStudy.Study study(String file, int batch) {
        return STUDIES.computeIfAbsent(file + " " + batch, k -> {
            Problem base = RankingStudy.fileProblem("../problems/" + file);
            RankingStudy.Study s = RankingStudy.study(file, base.withBatch(batch == 0 ? base.batch() : batch), PLANS,
                    SEED, RankingStudy.FORMULATIONS, 30);
            assertTrue(s.plans().size() >= PLANS + 4, "50 random plans and the formulations' plans: " + s.notes());
            return s;
        });
    }

    /** batch 0: the file's own batch. */
    @ParameterizedTest(name = "{0} batch {1} (measured {2})")
    @CsvSource({"squeezenet.yaml, 0, 0.9947", "squeezenet.yaml, 1, 0.9988", "resnet.yaml, 0, 0.9994",
        "resnet.yaml, 1, 0.9978", "vgg.yaml, 0, 0.9992", "vgg.yaml, 1, 0.9987"})
    void modelRanksPlansLikeTheSimulator(String file, int batch, double measured) {
        spearman(study(file, batch));
    }

    @ParameterizedTest(name = "{0} batch {1} (measured {2})")
    @CsvSource({"squeezenet.yaml, 0, 1.0000", "squeezenet.yaml, 1, 1.0000", "resnet.yaml, 0, 1.0005",
        "resnet.yaml, 1, 1.0000", "vgg.yaml, 0, 1.0000", "vgg.yaml, 1, 1.0000"})
    void dpPlanIsNearTheBestSimulated(String file, int batch, double measured) {
        RankingStudy.Study s = study(file, batch);
        assertEquals(1.0, s.dpOverBest(), 0.02, () -> s.key() + ": dp simulated " + s.plan("dp").simSeconds()
                + " s, best simulated " + s.bestSimulated().simSeconds() + " s (" + s.bestSimulated().label() + ")");
    }

    private static void spearman(RankingStudy.Study s) {
        double rho = s.spearman();
        assertTrue(rho >= 0.95, () -> s.key() + ": Spearman " + rho + " over " + s.plans().size() + " plans");
        List<String> labels = s.plans().stream().map(RankingStudy.Measured::label).toList();
        assertTrue(labels.contains("dp"), "the dp plan is among them");
    }
}
