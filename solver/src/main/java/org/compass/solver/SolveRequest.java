package org.compass.solver;

import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.control.Cancellation;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.plan.Plan;

/**
 * What a formulation is asked to solve and how: the problem, and apart from it the {@link SolverSettings}.
 *
 * @param problem      the problem
 * @param settings     space, back-end and limits (and the formulation asked for)
 * @param warmStart    a plan to start from (a hint), or null
 * @param progress     where progress goes
 * @param cancellation asks the solve to stop early (as at its time limit); {@link Cancellation#NEVER} when null
 */
public record SolveRequest(Problem problem, SolverSettings settings, Plan warmStart, ProgressListener progress,
                           Cancellation cancellation) {

    /** The canonical constructor; a null cancellation means {@link Cancellation#NEVER}. */
    public SolveRequest {
        if (cancellation == null) {
            cancellation = Cancellation.NEVER;
        }
    }

    /** A request with defaults ({@link SolverSettings#DEFAULT}: contiguous space, default limits), no hint, silent. */
    public static SolveRequest of(Problem problem) {
        return new SolveRequest(problem, SolverSettings.DEFAULT, null, ProgressListener.NONE, Cancellation.NEVER);
    }

    /** A request for a problem under the given settings, no hint, silent. */
    public static SolveRequest of(Problem problem, SolverSettings settings) {
        return new SolveRequest(problem, settings, null, ProgressListener.NONE, Cancellation.NEVER);
    }

    /** Contiguous ranges of the unit order, or any dependence-respecting assignment. */
    public SearchSpace space() {
        return settings.space();
    }

    /** Time, threads, seed. */
    public Limits limits() {
        return settings.limits();
    }

    /** Back-end for formulations that have several, or null for the default. */
    public String backend() {
        return settings.backend();
    }

    /** The same request in another space. */
    public SolveRequest withSpace(SearchSpace s) {
        return withSettings(settings.withSpace(s));
    }

    /** The same request with other limits. */
    public SolveRequest withLimits(Limits l) {
        return withSettings(settings.withLimits(l));
    }

    /** The same request with another backend. */
    public SolveRequest withBackend(String b) {
        return withSettings(settings.withBackend(b));
    }

    /** The same request with other solver settings. */
    public SolveRequest withSettings(SolverSettings s) {
        return new SolveRequest(problem, s, warmStart, progress, cancellation);
    }

    /** The same request with a warm start. */
    public SolveRequest withWarmStart(Plan p) {
        return new SolveRequest(problem, settings, p, progress, cancellation);
    }

    /** The same request with another problem. */
    public SolveRequest withProblem(Problem p) {
        return new SolveRequest(p, settings, warmStart, progress, cancellation);
    }

    /** The same request reporting progress elsewhere. */
    public SolveRequest withProgress(ProgressListener p) {
        return new SolveRequest(problem, settings, warmStart, p, cancellation);
    }

    /** The same request stopped early by another token. */
    public SolveRequest withCancellation(Cancellation c) {
        return new SolveRequest(problem, settings, warmStart, progress, c);
    }

    /** Whether the request's solve was asked to stop early. */
    public boolean cancelled() {
        return cancellation.isCancelled();
    }
}
