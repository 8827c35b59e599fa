package org.compass.formulations.ga;

/** One chromosome: cut[i] says a partition starts at unit i (cut[0] always); rep[i] is unit i's factor. */
final class Individual {
    final boolean[] cut;
    final int[] rep;
    double score = Double.NaN;
    /** How far the plan's lifetime falls short of the floor, as a share of it: 0 when met (or no floor). */
    double shortfall;

    Individual(boolean[] cut, int[] rep) {
        this.cut = cut;
        this.rep = rep;
    }

    Individual copy() {
        Individual c = new Individual(cut.clone(), rep.clone());
        c.score = score;
        c.shortfall = shortfall;
        return c;
    }
}
