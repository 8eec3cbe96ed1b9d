/**
 * Mini programs kept in a database table ({@code mini_program}) and served to the starter through
 * its {@code WxAppSource} SPI, with admin endpoints that add, re-key and remove them while the
 * application runs.
 */
@NullMarked
package io.github.wxminiauth.sample.apps;

import org.jspecify.annotations.NullMarked;
