package org.replicacim.app.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.repository.ClassRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replicacim volume create|list|delete}: Block Services' StorageConfigurationService over CIM-XML. */
@Command(name = "volume", mixinStandardHelpOptions = true, description = "Create, list and delete volumes.",
        subcommands = {VolumeCommand.Create.class, VolumeCommand.ListVolumes.class, VolumeCommand.Delete.class})
public final class VolumeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a verb: create, list or delete");
    }

    /** {@code volume create NAME --size SIZE}: CreateOrModifyElementFromStoragePool (ElementType 2, storage volume). */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a thin volume (CreateOrModifyElementFromStoragePool).")
    static final class Create extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the volume's ElementName")
        String name;

        @Option(names = {"-s", "--size"}, required = true, paramLabel = "SIZE",
                description = "size in bytes or with a binary unit: 256M, 10G, 1T")
        String size;

        @Option(names = "--pool", paramLabel = "INSTANCEID",
                description = "InstanceID of the pool (default: the pool with the most free space)")
        String pool;

        @Override
        Object run(AdminSession s) throws Exception {
            long bytes;
            try {
                bytes = parseSize(size);
            } catch (IllegalArgumentException e) {
                throw new AdminFailure(ExitCode.USAGE, e.getMessage());
            }
            List<ParamValue> p = new ArrayList<>();
            p.add(ParamValue.of("ElementName", CimValue.string(name)));
            p.add(ParamValue.of("ElementType", CimValue.uint16(2)));
            p.add(ParamValue.of("Size", CimValue.uint64(bytes)));
            if (pool != null) {
                p.add(ParamValue.of("InPool", CimValue.reference(ObjectPath.builder("MSISCSITARGET_StoragePool")
                        .namespace(ClassRepository.STORAGE).key("InstanceID", pool).build())));
            }
            MethodResult r = s.invoke(s.configurationService(), "CreateOrModifyElementFromStoragePool", p);
            ObjectPath job = AdminSession.outRef(r, "Job");
            if (job != null) {
                s.awaitJob(job, java.time.Duration.ofMillis(200), java.time.Duration.ofHours(1), j -> { });
            }
            ObjectPath element = AdminSession.outRef(r, "TheElement");
            CimInstance v = s.client.getInstance(element.namespace() == null
                    ? element.withNamespace(ClassRepository.STORAGE) : element);
            Map<String, Object> vol = AdminSession.volumeObject(v);
            say("created volume " + vol.get("deviceId") + " (" + vol.get("name") + ", "
                    + bytes((Long) vol.get("sizeBytes")) + ")");
            return Map.of("volume", vol);
        }
    }

    /** {@code volume list}: every MSISCSITARGET_StorageVolume. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the volumes.")
    static final class ListVolumes extends AdminCommand {
        @Override
        Object run(AdminSession s) throws Exception {
            List<Map<String, Object>> out = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (CimInstance v : s.volumes()) {
                Map<String, Object> m = AdminSession.volumeObject(v);
                out.add(m);
                rows.add(List.of((String) m.get("deviceId"), String.valueOf(m.get("name")),
                        bytes((Long) m.get("sizeBytes")), Boolean.FALSE.equals(m.get("canDelete")) ? "in a replica pair"
                                : "-"));
            }
            table(List.of("DEVICEID", "NAME", "SIZE", "IN USE"), rows);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("volumes", out);
            return doc;
        }
    }

    /** {@code volume delete NAME|DEVICEID}: ReturnToStoragePool. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a volume that is in no replication relationship (ReturnToStoragePool).")
    static final class Delete extends AdminCommand {
        @Parameters(index = "0", paramLabel = "VOLUME", description = "DeviceID or name of the volume")
        String volume;

        @Override
        Object run(AdminSession s) throws Exception {
            CimInstance v = s.volume(volume);
            MethodResult r = s.invoke(s.configurationService(), "ReturnToStoragePool",
                    List.of(ParamValue.of("TheElement", CimValue.reference(v.path()))));
            ObjectPath job = AdminSession.outRef(r, "Job");
            if (job != null) {
                s.awaitJob(job, java.time.Duration.ofMillis(200), java.time.Duration.ofHours(1), j -> { });
            }
            String id = AdminSession.text(v, "DeviceID");
            say("deleted volume " + id + " (" + AdminSession.text(v, "ElementName") + ")");
            return Map.of("deleted", AdminSession.volumeObject(v));
        }
    }
}
