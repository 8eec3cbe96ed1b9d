/**
 * Auto-configuration of the WxJava bridge. Nothing here is meant to be called by applications.
 */
@NullMarked
package io.github.wxminiauth.wxjava.autoconfigure;

import org.jspecify.annotations.NullMarked;
