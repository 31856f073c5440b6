package org.replicacim.client;

import java.util.Objects;

/** A user name and password sent with HTTP Basic authentication on every request. */
public record Credentials(String user, String password) {
    /** Validates the pair (a user name without ':' as Basic requires). */
    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic user name cannot contain ':'");
        }
    }

    /** A readable form that never shows the password. */
    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
