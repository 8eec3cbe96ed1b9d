/**
 * Auto-configuration of the starter and its {@code wxmini.*} properties.
 * <p>
 * API: the properties types ({@link io.github.wxminiauth.autoconfigure.WxMiniProperties},
 * {@link io.github.wxminiauth.autoconfigure.WxMiniRateLimitProperties}) and the names of the
 * {@code *AutoConfiguration} classes (to order against or exclude); their bean methods and every
 * other type here are package-private.
 */
@NullMarked
package io.github.wxminiauth.autoconfigure;

import org.jspecify.annotations.NullMarked;
