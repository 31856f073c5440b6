package org.replicacim.storage.file;

import java.nio.ByteBuffer;

/** Fast all-zero test for copy buffers, so copies into empty sparse targets can skip unallocated regions. */
final class ZeroChunks {
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private ZeroChunks() {
    }

    /** True if every byte between position and limit is zero; does not move the position. */
    static boolean isZero(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        while (view.hasRemaining()) {
            int n = Math.min(view.remaining(), ZEROS.capacity());
            ByteBuffer slice = view.slice().limit(n);
            if (slice.mismatch(ZEROS.duplicate().limit(n)) != -1) {
                return false;
            }
            view.position(view.position() + n);
        }
        return true;
    }
}
