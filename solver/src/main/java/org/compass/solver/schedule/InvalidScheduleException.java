package org.compass.solver.schedule;

import java.util.List;

/** A schedule that breaks a resource or precedence rule of {@link ScheduleValidator}; carries the violations. */
public class InvalidScheduleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public InvalidScheduleException(List<String> violations) {
        super("invalid schedule: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    /** The violations, one line each. */
    public List<String> violations() {
        return violations;
    }
}
