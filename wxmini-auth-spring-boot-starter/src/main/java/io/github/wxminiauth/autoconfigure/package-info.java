/**
 * Auto-configuration of the starter and its {@code wxmini.*} properties. Nothing here is meant to
 * be called by applications, except the properties type.
 */
@NullMarked
package io.github.wxminiauth.autoconfigure;

import org.jspecify.annotations.NullMarked;
