package org.replicacim.it;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.Arguments;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.SyncOperation;
import org.replicacim.replication.SyncType;

/**
 * {@link GroupCellWalk} over the group states held while the members' copies run — Unsynchronized (mirror and
 * clone), and a clone group Suspended or Aborted part-way — on a server whose copies are throttled to
 * {@value #BYTES_PER_SECOND} bytes per second so that the states last long enough to be walked.
 */
class GroupCopyingCellsIT extends GroupCellWalk {
    static final long BYTES_PER_SECOND = 1L << 20;

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(c -> c.with("backend.file.copyBytesPerSecond",
            Long.toString(BYTES_PER_SECOND)));

    @Override
    RunningServer server() {
        return SERVER;
    }

    /** Eight seconds of copying per member at the throttle. */
    @Override
    long size() {
        return 8L << 20;
    }

    @Override
    Stream<Arguments> cells() {
        return Stream.of(Arguments.of(SyncType.MIRROR, CopyState.UNSYNCHRONIZED),
                Arguments.of(SyncType.CLONE, CopyState.UNSYNCHRONIZED),
                Arguments.of(SyncType.CLONE, CopyState.SUSPENDED),
                Arguments.of(SyncType.CLONE, CopyState.ABORTED));
    }

    @Override
    Recipe recipe(SyncType type, CopyState s) {
        return switch (s) {
            case SUSPENDED -> new Recipe(3, List.of(SyncOperation.SUSPEND.value()), true);
            case ABORTED -> new Recipe(3, List.of(SyncOperation.ABORT.value()), true);
            default -> new Recipe(3, List.of(), true);
        };
    }
}
