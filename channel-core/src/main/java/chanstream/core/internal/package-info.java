/**
 * Implementation of chanstream's channels, select and bridges. Not part of the public API:
 * the classes here may change in any release.
 */
@NullMarked
package chanstream.core.internal;

import org.jspecify.annotations.NullMarked;
