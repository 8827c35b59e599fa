package org.compass.solver.plan;

import java.util.List;

/** A plan that breaks capacity, order or placement rules; carries every violation found. */
public class InvalidPlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public InvalidPlanException(List<String> violations) {
        super("invalid plan: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    /** The violations, one line each. */
    public List<String> violations() {
        return violations;
    }
}
