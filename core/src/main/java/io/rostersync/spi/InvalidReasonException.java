package io.rostersync.spi;

import java.util.Objects;

/**
 * A {@link Reason} was built with parameters its {@link ReasonCode} does not declare: one missing, one it
 * does not know, or a value that is null. Name the code's {@link ReasonCode#parameters()} exactly.
 *
 * @since 0.2.0
 */
public final class InvalidReasonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The code the reason was built for. */
    private final ReasonCode code;
    /** The parameter that is missing, unknown or null. */
    private final String parameter;

    /**
     * Describes the wrong parameter.
     *
     * @param code      the code the reason was built for
     * @param parameter the parameter that is missing, unknown or null
     * @param problem   what is wrong with it, for example {@code "is missing"}
     */
    public InvalidReasonException(ReasonCode code, String parameter, String problem) {
        super("reason " + Objects.requireNonNull(code, "code") + ": parameter '" + parameter + "' " + problem
                + " (" + code + " takes " + (code.parameters().isEmpty() ? "no parameters" : code.parameters()) + ")");
        this.code = code;
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    /**
     * The code the reason was built for.
     *
     * @return the code
     */
    public ReasonCode code() {
        return code;
    }

    /**
     * The parameter that is missing, unknown or null.
     *
     * @return its name as given (or as the code declares it, when missing)
     */
    public String parameter() {
        return parameter;
    }
}
