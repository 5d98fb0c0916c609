package chanstream.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The words of one file, counted.
 *
 * <p>A word is a run of letters (Unicode letters, in any script), possibly joined by single
 * apostrophes ({@code don't}); words are compared in lower case. A file that is not valid UTF-8,
 * or that contains a NUL character, is taken for binary and skipped. A file that cannot be read
 * is skipped too.
 *
 * @param path the file
 * @param counts how often each word occurs, keyed by the lower-case word
 * @param words the number of words
 * @param bytes the file's size
 * @param skipped why the file was skipped, or {@code null} if it was counted
 * @param complete {@code false} if counting stopped early because the run was cancelled
 */
record FileWords(Path path, Map<String, Integer> counts, long words, long bytes,
        @Nullable String skipped, boolean complete) {

    static final String NOT_TEXT = "not UTF-8 text";

    static final String UNREADABLE = "unreadable";

    private static final int BUFFER_CHARS = 8192;

    /**
     * Counts the words of {@code path}, stopping early once {@code cancelled} returns
     * {@code true}; it is checked once per buffer of 8192 characters.
     */
    static FileWords count(Path path, BooleanSupplier cancelled) {
        long bytes;
        try {
            bytes = Files.size(path);
        } catch (IOException e) {
            return skipped(path, 0, UNREADABLE);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Tokenizer tokenizer = new Tokenizer();
        boolean complete = true;
        try (InputStream in = Files.newInputStream(path);
                Reader reader = new InputStreamReader(in, decoder)) {
            char[] buffer = new char[BUFFER_CHARS];
            int read;
            while ((read = reader.read(buffer)) >= 0) {
                if (!tokenizer.accept(buffer, read)) {
                    return skipped(path, bytes, NOT_TEXT);
                }
                if (cancelled.getAsBoolean()) {
                    complete = false;
                    break;
                }
            }
        } catch (CharacterCodingException e) {
            return skipped(path, bytes, NOT_TEXT);
        } catch (IOException | RuntimeException e) {
            return skipped(path, bytes, UNREADABLE);
        }
        tokenizer.endWord();
        return new FileWords(path, tokenizer.counts, tokenizer.words, bytes, null, complete);
    }

    private static FileWords skipped(Path path, long bytes, String reason) {
        return new FileWords(path, Map.of(), 0, bytes, reason, true);
    }

    /** Splits characters into words across buffer boundaries. */
    private static final class Tokenizer {

        final Map<String, Integer> counts = new HashMap<>();
        long words;

        private final StringBuilder word = new StringBuilder();
        private boolean apostrophePending;
        private char highSurrogate;

        /** Consumes {@code length} characters; returns {@code false} on a NUL (binary data). */
        boolean accept(char[] chars, int length) {
            for (int i = 0; i < length; i++) {
                char c = chars[i];
                if (c == '\0') {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    highSurrogate = c;
                    continue;
                }
                int codePoint = c;
                if (Character.isLowSurrogate(c) && highSurrogate != 0) {
                    codePoint = Character.toCodePoint(highSurrogate, c);
                }
                highSurrogate = 0;
                accept(codePoint);
            }
            return true;
        }

        private void accept(int codePoint) {
            if (Character.isLetter(codePoint)) {
                if (apostrophePending) {
                    word.append('\'');
                    apostrophePending = false;
                }
                word.appendCodePoint(codePoint);
            } else if ((codePoint == '\'' || codePoint == '\u2019') && word.length() > 0
                    && !apostrophePending) {
                apostrophePending = true;
            } else {
                endWord();
            }
        }

        void endWord() {
            apostrophePending = false;
            if (word.length() == 0) {
                return;
            }
            counts.merge(word.toString().toLowerCase(Locale.ROOT), 1, Integer::sum);
            words++;
            word.setLength(0);
        }
    }
}
