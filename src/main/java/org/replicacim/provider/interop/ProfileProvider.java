package org.replicacim.provider.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ProfileRegistration;
import org.replicacim.provider.ProfileRegistry;

/**
 * Profile registration (DSP1033): a CIM_RegisteredProfile per registered profile, CIM_ReferencedProfile from each
 * autonomous profile to its component profiles (SNIA direction: Antecedent = autonomous, Dependent = component),
 * and CIM_ElementConformsToProfile to the central instances — served in every namespace so that it can be
 * traversed from either end.
 */
public final class ProfileProvider extends ComputedInstanceProvider implements MethodProvider {
    /** The classes this provider serves. */
    public static final String[] CLASSES = {"CIM_RegisteredProfile", "CIM_ReferencedProfile",
        "CIM_ElementConformsToProfile"};

    private final ProfileRegistry profiles;
    private final Namespace interop;

    public ProfileProvider(ProfileRegistry profiles, Namespace interop) {
        this.profiles = profiles;
        this.interop = interop;
    }

    /** The path of a profile's CIM_RegisteredProfile. */
    public ObjectPath profilePath(ProfileRegistration p) {
        return ObjectPath.builder("CIM_RegisteredProfile").namespace(interop).key("InstanceID", p.instanceId()).build();
    }

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) {
        String n = cls.name().value().toLowerCase(Locale.ROOT);
        List<CimInstance> out = new ArrayList<>();
        boolean inInterop = ctx.namespace().equals(interop);
        switch (n) {
            case "cim_registeredprofile" -> {
                if (inInterop) {
                    for (ProfileRegistration p : profiles.profiles()) {
                        out.add(registeredProfile(p));
                    }
                }
            }
            case "cim_referencedprofile" -> {
                if (inInterop) {
                    for (ProfileRegistration p : profiles.profiles()) {
                        ProfileRegistration parent = p.referencedBy() == null ? null : profiles.find(p.referencedBy());
                        if (parent != null) {
                            out.add(association("CIM_ReferencedProfile", ctx.namespace(), "Antecedent",
                                    profilePath(parent), "Dependent", profilePath(p)));
                        }
                    }
                }
            }
            case "cim_elementconformstoprofile" -> {
                for (ProfileRegistration p : profiles.profiles()) {
                    for (ObjectPath central : p.centralInstances().get()) {
                        out.add(association("CIM_ElementConformsToProfile", ctx.namespace(), "ConformantStandard",
                                profilePath(p), "ManagedElement", central));
                    }
                }
            }
            default -> { }
        }
        return out;
    }

    private CimInstance registeredProfile(ProfileRegistration p) {
        return CimInstance.builder("CIM_RegisteredProfile").path(profilePath(p))
                .property("InstanceID", CimValue.string(p.instanceId()))
                .property("RegisteredOrganization", CimValue.uint16(p.organization()))
                .property("RegisteredName", CimValue.string(p.name()))
                .property("RegisteredVersion", CimValue.string(p.version()))
                .property("AdvertiseTypes", CimValue.uint16Array(2))
                .property("AdvertiseTypeDescriptions", CimValue.stringArray("Not Advertised"))
                .property("ElementName", CimValue.string(p.name()))
                .build();
    }

    private static CimInstance association(String cls, Namespace ns, String role1, ObjectPath ref1, String role2,
                                           ObjectPath ref2) {
        ObjectPath p = ObjectPath.builder(cls).namespace(ns)
                .key(role1, CimValue.reference(ref1)).key(role2, CimValue.reference(ref2)).build();
        return CimInstance.builder(cls).path(p)
                .property(role1, CimValue.reference(ref1))
                .property(role2, CimValue.reference(ref2)).build();
    }

    /** GetCentralInstances (DSP1033 2.41): the central instances of the profile the method is invoked on. */
    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target,
                                                      CimMethod method, List<ParamValue> inParameters) {
        if (!method.name().is("GetCentralInstances")) {
            return CompletableFuture.failedFuture(new CimException(CimStatus.METHOD_NOT_AVAILABLE,
                    cls.name() + "." + method.name() + " is not implemented by this server"));
        }
        for (ProfileRegistration p : profiles.profiles()) {
            if (!target.isClassPath() && profilePath(p).withHost(null).equals(target.withHost(null))) {
                List<Object> central = new ArrayList<>(p.centralInstances().get());
                List<ParamValue> out = central.isEmpty() ? List.of()
                        : List.of(ParamValue.of("CentralInstances", CimValue.array(CimType.REFERENCE, central)));
                return CompletableFuture.completedFuture(new MethodResult(CimValue.uint8(0), out));
            }
        }
        return CompletableFuture.failedFuture(new CimException(CimStatus.NOT_FOUND, "no profile " + target.local()));
    }
}
