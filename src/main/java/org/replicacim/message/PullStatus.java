package org.replicacim.message;

/** The output parameters every Open/Pull response carries: EndOfSequence and the EnumerationContext to pass back. */
public record PullStatus(boolean endOfSequence, String enumerationContext) {
    public PullStatus {
        if (!endOfSequence && (enumerationContext == null || enumerationContext.isEmpty())) {
            throw new IllegalArgumentException("an open enumeration needs a context");
        }
        if (endOfSequence) {
            enumerationContext = "";
        }
    }
}
