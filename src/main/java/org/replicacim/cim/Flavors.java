package org.replicacim.cim;

/**
 * The flavors of a qualifier (DSP0004): may subclasses override it, does it propagate to subclasses,
 * is it translatable. The default is EnableOverride, ToSubclass, not Translatable.
 */
public record Flavors(boolean overridable, boolean toSubclass, boolean translatable) {
    public static final Flavors DEFAULT = new Flavors(true, true, false);

    public Flavors withOverridable(boolean v) {
        return new Flavors(v, toSubclass, translatable);
    }

    public Flavors withToSubclass(boolean v) {
        return new Flavors(overridable, v, translatable);
    }

    public Flavors withTranslatable(boolean v) {
        return new Flavors(overridable, toSubclass, v);
    }
}
