/**
 * Real tokens for tests of a running application:
 * {@link io.github.wxminiauth.test.token.WxTestTokens}.
 * <p>
 * API: every type here.
 *
 * @since 0.2.0
 */
@NullMarked
package io.github.wxminiauth.test.token;

import org.jspecify.annotations.NullMarked;
