package org.compass.model.problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark suite: every combination of networks, chips, batch sizes and objectives, solved by one
 * formulation under shared settings.
 *
 * @param source      the file read (for messages)
 * @param networks    zoo network names
 * @param hardware    hardware preset names
 * @param batches     batch sizes
 * @param objectives  objectives
 * @param formulation formulation that solves every case
 * @param pipeline    pipeline mode of every case
 * @param replication replication factors of every case
 * @param limits      limits of each solve
 * @param costModel   cost model of every case
 */
public record Suite(Path source, List<String> networks, List<String> hardware, List<Integer> batches,
                    List<Objective> objectives, String formulation, PipelineMode pipeline,
                    ReplicationSet replication, Limits limits, CostModelVersion costModel) {

    public Suite {
        networks = List.copyOf(networks);
        hardware = List.copyOf(hardware);
        batches = List.copyOf(batches);
        objectives = List.copyOf(objectives);
    }

    /**
     * One case of the suite.
     *
     * @param network   zoo network name
     * @param hardware  hardware preset name
     * @param batch     batch size
     * @param objective objective
     */
    public record Case(String network, String hardware, int batch, Objective objective) {

        /** A key that names the case in result files: network/hardware/batch/objective. */
        public String key() {
            return network + "/" + hardware + "/" + batch + "/" + objective.label();
        }
    }

    /** Every case, networks outermost, then chips, batch sizes and objectives. */
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String n : networks) {
            for (String h : hardware) {
                for (int b : batches) {
                    for (Objective o : objectives) {
                        out.add(new Case(n, h, b, o));
                    }
                }
            }
        }
        return out;
    }
}
