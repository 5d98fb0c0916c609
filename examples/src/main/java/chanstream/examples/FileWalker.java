package chanstream.examples;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lazy, single-pass walk over the regular files under some roots, in sorted order within each
 * directory. It lists one directory at a time, as the consumer requests more files, so the
 * first file is counted before the walk has finished.
 *
 * <p>Inside the walk it skips hidden files and directories (a name starting with a dot, such
 * as {@code .git}), build output ({@code target}, {@code node_modules}) and symbolic links. A
 * root given by name is always taken, even if hidden. A directory that cannot be listed is
 * counted in {@link #unreadableDirectories()} and skipped; the iterator never throws for it.
 */
final class FileWalker implements Iterable<Path> {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules");

    private final List<Path> roots;
    private final AtomicLong discovered = new AtomicLong();
    private final AtomicLong unreadableDirectories = new AtomicLong();
    private final AtomicBoolean iterated = new AtomicBoolean();
    private volatile boolean finished;

    FileWalker(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Returns the number of files found so far. */
    long discovered() {
        return discovered.get();
    }

    /** Returns whether the walk has listed every directory. */
    boolean finished() {
        return finished;
    }

    long unreadableDirectories() {
        return unreadableDirectories.get();
    }

    /**
     * Returns the iterator of the walk.
     *
     * @throws IllegalStateException on a second call: the walk is single-pass
     */
    @Override
    public Iterator<Path> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("a FileWalker can be iterated only once");
        }
        return new Walk();
    }

    private static boolean skippedInWalk(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return false;
        }
        String text = name.toString();
        return text.startsWith(".") || SKIPPED_DIRECTORIES.contains(text);
    }

    /**
     * The walk's state: files of the directory being read, and directories still to list, in
     * depth-first order.
     */
    private final class Walk implements Iterator<Path> {

        private final Deque<Path> pendingFiles = new ArrayDeque<>();
        private final Deque<Path> pendingDirectories = new ArrayDeque<>();

        Walk() {
            for (int i = roots.size() - 1; i >= 0; i--) {
                Path root = roots.get(i);
                if (Files.isDirectory(root)) {
                    pendingDirectories.push(root);
                } else {
                    pendingFiles.addFirst(root);
                    discovered.incrementAndGet();
                }
            }
        }

        @Override
        public boolean hasNext() {
            while (pendingFiles.isEmpty() && !pendingDirectories.isEmpty()) {
                list(pendingDirectories.pop());
            }
            if (pendingFiles.isEmpty()) {
                finished = true;
                return false;
            }
            return true;
        }

        @Override
        public Path next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pendingFiles.removeFirst();
        }

        /**
         * Queues the files of {@code directory}, and pushes its subdirectories so that they are
         * listed before the directories that were already pending (depth first).
         */
        private void list(Path directory) {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
                for (Path entry : stream) {
                    entries.add(entry);
                }
            } catch (IOException | RuntimeException e) {
                unreadableDirectories.incrementAndGet();
                return;
            }
            entries.sort(null);
            List<Path> subdirectories = new ArrayList<>();
            for (Path entry : entries) {
                if (skippedInWalk(entry)) {
                    continue;
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    subdirectories.add(entry);
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    pendingFiles.addLast(entry);
                    discovered.incrementAndGet();
                }
            }
            for (int i = subdirectories.size() - 1; i >= 0; i--) {
                pendingDirectories.push(subdirectories.get(i));
            }
        }
    }
}
