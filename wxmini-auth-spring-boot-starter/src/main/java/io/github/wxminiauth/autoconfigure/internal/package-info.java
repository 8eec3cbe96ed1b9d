/**
 * Internal: pieces of the auto-configuration that the starter's other modules reuse (the
 * logger-level defaults that keep secrets out of logs). Applications should not use these types:
 * they may change in any release.
 */
@NullMarked
package io.github.wxminiauth.autoconfigure.internal;

import org.jspecify.annotations.NullMarked;
