package org.compass.solver;

import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;

/**
 * What a formulation is asked to solve and how.
 *
 * @param problem   the problem
 * @param space     contiguous ranges of the unit order, or any dependence-respecting assignment
 * @param limits    time, threads, seed
 * @param backend   backend for formulations that have several, or null for the default
 * @param warmStart a plan to start from (a hint), or null
 * @param progress  where progress goes
 * @param cancellation asks the solve to stop early (as at its time limit); {@link Cancellation#NEVER} when null
 */
public record SolveRequest(Problem problem, SearchSpace space, Limits limits, String backend, Plan warmStart,
                           ProgressListener progress, Cancellation cancellation) {

    /** A request that is never cancelled. */
    public SolveRequest(Problem problem, SearchSpace space, Limits limits, String backend, Plan warmStart,
                        ProgressListener progress) {
        this(problem, space, limits, backend, warmStart, progress, Cancellation.NEVER);
    }

    /** The canonical constructor; a null cancellation means {@link Cancellation#NEVER}. */
    public SolveRequest {
        if (cancellation == null) {
            cancellation = Cancellation.NEVER;
        }
    }

    /** A request with defaults: contiguous space, default limits, no hint, silent. */
    public static SolveRequest of(Problem problem) {
        return new SolveRequest(problem, SearchSpace.CONTIGUOUS, Limits.DEFAULT, null, null, ProgressListener.NONE);
    }

    /** The same request in another space. */
    public SolveRequest withSpace(SearchSpace s) {
        return new SolveRequest(problem, s, limits, backend, warmStart, progress, cancellation);
    }

    /** The same request with other limits. */
    public SolveRequest withLimits(Limits l) {
        return new SolveRequest(problem, space, l, backend, warmStart, progress, cancellation);
    }

    /** The same request with a warm start. */
    public SolveRequest withWarmStart(Plan p) {
        return new SolveRequest(problem, space, limits, backend, p, progress, cancellation);
    }

    /** The same request with another problem. */
    public SolveRequest withProblem(Problem p) {
        return new SolveRequest(p, space, limits, backend, warmStart, progress, cancellation);
    }

    /** The same request with another backend. */
    public SolveRequest withBackend(String b) {
        return new SolveRequest(problem, space, limits, b, warmStart, progress, cancellation);
    }

    /** The same request reporting progress elsewhere. */
    public SolveRequest withProgress(ProgressListener p) {
        return new SolveRequest(problem, space, limits, backend, warmStart, p, cancellation);
    }

    /** The same request stopped early by another token. */
    public SolveRequest withCancellation(Cancellation c) {
        return new SolveRequest(problem, space, limits, backend, warmStart, progress, c);
    }

    /** Whether the request's solve was asked to stop early. */
    public boolean cancelled() {
        return cancellation.isCancelled();
    }
}
